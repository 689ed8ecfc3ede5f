import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseState } from './case-state';

/** A child's case state, folded from its stream by `evolveCaseState`. */
@Entity('case_states')
export class CaseStateRecord {
  @PrimaryColumn('uuid', { name: 'child_id' }) childId!: string;
  /** The last revision of the child's stream folded in. */
  @Column('bigint') revision!: string;
  @Column('jsonb') state!: CaseState;
}
