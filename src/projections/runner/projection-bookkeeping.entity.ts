import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where a projection has got to in the ledger's global order (see the CreateReadModels migration). */
@Entity('projection_checkpoints')
export class ProjectionCheckpointRecord {
  @PrimaryColumn('text') projection!: string;
  @Column('text', { nullable: true }) checkpoint!: string | null;
  @Column('bigint', { default: 0 }) position!: string;
  @Column('bigint', { name: 'events_handled', default: 0 }) eventsHandled!: string;
  @Column('integer', { default: 1 }) version!: number;
  @Column('uuid', { name: 'parked_event_id', nullable: true }) parkedEventId!: string | null;
  @Column('text', { name: 'parked_checkpoint', nullable: true }) parkedCheckpoint!: string | null;
  @Column('bigint', { name: 'parked_position', nullable: true }) parkedPosition!: string | null;
  @Column('text', { name: 'parked_error', nullable: true }) parkedError!: string | null;
  @Column('timestamptz', { name: 'parked_at', nullable: true }) parkedAt!: Date | null;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}

/** Which instance runs a projection now. */
@Entity('projection_leases')
export class ProjectionLeaseRecord {
  @PrimaryColumn('text') projection!: string;
  @Column('text') owner!: string;
  @Column('timestamptz', { name: 'acquired_at' }) acquiredAt!: Date;
  @Column('timestamptz', { name: 'renewed_at' }) renewedAt!: Date;
}

/** An event an operator skipped in a parked projection. */
@Entity('projection_skips')
export class ProjectionSkipRecord {
  @PrimaryColumn('text') projection!: string;
  @PrimaryColumn('uuid', { name: 'event_id' }) eventId!: string;
  @Column('text') checkpoint!: string;
  @Column('text') error!: string;
  @Column('timestamptz', { name: 'skipped_at', default: () => 'now()' }) skippedAt!: Date;
}
