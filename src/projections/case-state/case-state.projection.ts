import type { PoolClient } from 'pg';
import type { RecordedEvent } from '../../ledger/event-store.port';
import { childIdOfStream } from '../chronology/child-of-stream';
import type { Projection, TableNames } from '../runner/projection';
import { tableName } from '../sql-tables';
import { foldIntoCaseState, initialCaseState, type CaseState } from './case-state';

/** Each child's case state: loaded for the children in a batch, folded in place (`foldIntoCaseState`, the fold of `evolveCaseState`), written back in one statement. */
export class CaseStateProjection implements Projection {
  readonly name = 'case-state';
  readonly version = 1;
  readonly tables = ['case_states'] as const;

  async apply(events: readonly RecordedEvent[], transaction: PoolClient, tables: TableNames): Promise<void> {
    const childEvents = events.filter((event) => event.streamId.startsWith('child-'));
    if (childEvents.length === 0) return;
    const table = tableName(tables.case_states);
    const childIds = [...new Set(childEvents.map((event) => childIdOfStream(event.streamId)))];
    const { rows } = await transaction.query<{ child_id: string; revision: string; state: CaseState }>(
      `SELECT child_id, revision, state FROM ${table} WHERE child_id = ANY($1::uuid[])`, [childIds],
    );
    // Each state here is this batch's own (parsed from its row, or new), so it is folded in place.
    const states = new Map(rows.map((row) => [row.child_id, { revision: Number(row.revision), state: row.state }]));
    for (const event of childEvents) {
      const childId = childIdOfStream(event.streamId);
      let current = states.get(childId);
      if (!current) states.set(childId, (current = { revision: -1, state: initialCaseState(childId) }));
      if (event.revision <= current.revision) continue; // already folded (the checkpoint makes this unreachable; kept as a guard)
      foldIntoCaseState(current.state, event);
      current.revision = event.revision;
    }
    await transaction.query(
      `INSERT INTO ${table} (child_id, revision, state)
       SELECT child_id, revision, state FROM jsonb_to_recordset($1::jsonb) AS x(child_id uuid, revision bigint, state jsonb)
       ON CONFLICT (child_id) DO UPDATE SET revision = excluded.revision, state = excluded.state`,
      [JSON.stringify(childIds.map((childId) => ({ child_id: childId, ...states.get(childId)! })))],
    );
  }
}
