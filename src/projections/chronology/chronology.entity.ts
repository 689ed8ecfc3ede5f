import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ChronologyEntry } from './chronology-entry';

/** One chronology row: the sort and filter keys as columns, the row as reviewers see it in `entry`. */
@Entity('chronology_entries')
@Index('chronology_entries_child_order', ['childId', 'occurredSort', 'recordedAt', 'position'])
@Index('chronology_entries_agency_order', ['agencyId', 'occurredSort', 'recordedAt', 'position'])
@Index('chronology_entries_sealed', ['childId'], { where: "sensitivity = 'sealed'" })
export class ChronologyEntryRecord {
  @PrimaryColumn('uuid', { name: 'event_id' }) eventId!: string;
  @Column('uuid', { name: 'child_id' }) childId!: string;
  @Column('text', { name: 'agency_id' }) agencyId!: string;
  @Column('text') type!: string;
  @Column('text') sensitivity!: string;
  /** occurredAt as an instant (a date-only occurredAt sorts at 00:00 Europe/London that day). */
  @Column('timestamptz', { name: 'occurred_sort' }) occurredSort!: Date;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt!: Date;
  @Column('bigint') position!: string;
  @Column('jsonb') entry!: ChronologyEntry;
  /** The event's data with every correction so far applied (summaries are rewritten from it). */
  @Column('jsonb', { nullable: true }) data!: Record<string, unknown> | null;
}

/** An agency involved with a child (API.md "Roles"). */
@Entity('child_involvements')
export class ChildInvolvementRecord {
  @PrimaryColumn('uuid', { name: 'child_id' }) childId!: string;
  @PrimaryColumn('text', { name: 'agency_id' }) agencyId!: string;
  @Column('timestamptz') since!: Date;
}

/** Two records of the same child, linked (never merged). */
@Entity('child_links')
export class ChildLinkRecord {
  @PrimaryColumn('uuid', { name: 'child_id' }) childId!: string;
  @PrimaryColumn('uuid', { name: 'linked_child_id' }) linkedChildId!: string;
  @Column('uuid', { name: 'event_id' }) eventId!: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt!: Date;
}
