import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Finding } from '../evaluate-child';

/** A child's event as the compliance rules read it (the compliance projection's own copy). */
@Entity('compliance_events')
@Index('compliance_events_child', ['childId', 'revision'])
export class ComplianceEventRecord {
  @PrimaryColumn('uuid', { name: 'event_id' }) eventId!: string;
  @Column('uuid', { name: 'child_id' }) childId!: string;
  @Column('bigint') revision!: string;
  @Column('jsonb') event!: Record<string, unknown>;
}

/** Which household a child lives in: siblings' concerns count towards R22. */
@Entity('compliance_households')
@Index('compliance_households_household', ['householdId'])
export class ComplianceHouseholdRecord {
  @PrimaryColumn('uuid', { name: 'child_id' }) childId!: string;
  @Column('text', { name: 'household_id' }) householdId!: string;
}

/** A finding as judged when the child's history last changed. */
@Entity('compliance_findings')
@Index('compliance_findings_child', ['childId', 'rule'])
@Index('compliance_findings_report', ['dueAt', 'rule', 'agencyId'])
export class ComplianceFindingRecord {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') rule!: string;
  @Column('uuid', { name: 'child_id' }) childId!: string;
  @Column('text', { name: 'agency_id' }) agencyId!: string;
  @Column('text') status!: string;
  @Column('date', { name: 'due_at' }) dueAt!: string;
  @Column('date', { name: 'breached_at', nullable: true }) breachedAt!: string | null;
  @Column('date', { name: 'met_at', nullable: true }) metAt!: string | null;
  @Column('text') digest!: string;
  @Column('jsonb') finding!: Finding;
}
