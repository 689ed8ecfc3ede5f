import type { Pool, PoolClient } from 'pg';
import type { RecordedEvent } from '../../ledger/event-store.port';

/** A projection's place in the ledger, as stored in `projection_checkpoints`. */
export interface CheckpointState {
  slot: string;
  checkpoint: string | undefined;
  position: number;
  eventsHandled: number;
  version: number;
  parked: { eventId: string; checkpoint: string; position: number; error: string; at: Date } | undefined;
}

interface CheckpointRow {
  projection: string; checkpoint: string | null; position: string; events_handled: string; version: number;
  parked_event_id: string | null; parked_checkpoint: string | null; parked_position: string | null; parked_error: string | null; parked_at: Date | null;
}

type Executor = Pick<Pool | PoolClient, 'query'>;

/** The row for `slot`, created at position 0 the first time a projection (or a rebuild) runs. */
export async function loadCheckpoint(executor: Executor, slot: string, version: number): Promise<CheckpointState> {
  await executor.query('INSERT INTO projection_checkpoints (projection, version) VALUES ($1, $2) ON CONFLICT DO NOTHING', [slot, version]);
  return (await readCheckpoint(executor, slot))!;
}

export async function readCheckpoint(executor: Executor, slot: string): Promise<CheckpointState | undefined> {
  const { rows } = await executor.query<CheckpointRow>('SELECT * FROM projection_checkpoints WHERE projection = $1', [slot]);
  return rows[0] && toState(rows[0]);
}

export async function readAllCheckpoints(executor: Executor): Promise<CheckpointState[]> {
  const { rows } = await executor.query<CheckpointRow>('SELECT * FROM projection_checkpoints ORDER BY projection');
  return rows.map(toState);
}

const PROJECTION_LOCK_CLASS = 7_271_003;

/**
 * Orders a batch's transaction against a rebuild's swap of the same projection (whichever takes it
 * first goes first). An advisory lock, not a row lock: it takes no transaction id, so it does not hold
 * back readers of the global order while the batch is read and judged.
 */
export async function lockProjection(transaction: Pick<PoolClient, 'query'>, projection: string): Promise<void> {
  await transaction.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [PROJECTION_LOCK_CLASS, projection]);
}

/** Under the projection's lock, before applying: whether the checkpoint is still the one the batch was read after (a read: no transaction id). */
export async function stillAt(transaction: Pick<PoolClient, 'query'>, state: CheckpointState): Promise<boolean> {
  const { rows } = await transaction.query<{ checkpoint: string | null; parked_at: Date | null }>('SELECT checkpoint, parked_at FROM projection_checkpoints WHERE projection = $1', [state.slot]);
  return rows.length === 1 && rows[0].parked_at === null && (rows[0].checkpoint ?? undefined) === state.checkpoint;
}

/**
 * Compare-and-set, last thing in the apply transaction: moves the checkpoint from `from` to the last
 * event of the batch only if nobody else moved it (another runner, a rebuild's swap) and it is not parked.
 * False: roll back and reload.
 */
export async function advanceCheckpoint(transaction: PoolClient, from: CheckpointState, events: readonly RecordedEvent[]): Promise<boolean> {
  const last = events[events.length - 1];
  const { rowCount } = await transaction.query(
    `UPDATE projection_checkpoints SET checkpoint = $3, position = $4, events_handled = events_handled + $5, updated_at = now()
      WHERE projection = $1 AND checkpoint IS NOT DISTINCT FROM $2 AND parked_at IS NULL`,
    [from.slot, from.checkpoint ?? null, last.checkpoint, last.position, events.length],
  );
  return rowCount === 1;
}

/** Stops the projection at `event` until an operator retries or skips it. The error text is ours (never event content). */
export async function park(executor: Executor, state: CheckpointState, event: RecordedEvent, error: string): Promise<void> {
  await executor.query(
    `UPDATE projection_checkpoints SET parked_event_id = $2, parked_checkpoint = $3, parked_position = $4, parked_error = $5, parked_at = now(), updated_at = now()
      WHERE projection = $1 AND checkpoint IS NOT DISTINCT FROM $6`,
    [state.slot, event.eventId, event.checkpoint, event.position, error.slice(0, 2000), state.checkpoint ?? null],
  );
}

/** Operator: try the parked event again (after a fix). False when the projection was not parked. */
export async function retryParked(executor: Executor, slot: string): Promise<boolean> {
  const { rowCount } = await executor.query(
    `UPDATE projection_checkpoints SET parked_event_id = NULL, parked_checkpoint = NULL, parked_position = NULL, parked_error = NULL, parked_at = NULL, updated_at = now()
      WHERE projection = $1 AND parked_at IS NOT NULL`,
    [slot],
  );
  return rowCount === 1;
}

/** Operator: move past the parked event without applying it; the skip is kept in `projection_skips`. */
export async function skipParked(executor: Executor, slot: string): Promise<string | undefined> {
  const { rows } = await executor.query<{ event_id: string }>(
    `WITH parked AS (
       SELECT projection, parked_event_id, parked_checkpoint, parked_error FROM projection_checkpoints
        WHERE projection = $1 AND parked_at IS NOT NULL FOR UPDATE),
     kept AS (
       INSERT INTO projection_skips (projection, event_id, checkpoint, error)
       SELECT projection, parked_event_id, parked_checkpoint, coalesce(parked_error, '') FROM parked)
     UPDATE projection_checkpoints c
        SET checkpoint = c.parked_checkpoint, position = c.parked_position, events_handled = c.events_handled + 1,
            parked_event_id = NULL, parked_checkpoint = NULL, parked_position = NULL, parked_error = NULL, parked_at = NULL, updated_at = now()
       FROM parked WHERE c.projection = parked.projection
     RETURNING parked.parked_event_id AS event_id`,
    [slot],
  );
  return rows[0]?.event_id;
}

function toState(row: CheckpointRow): CheckpointState {
  return {
    slot: row.projection,
    checkpoint: row.checkpoint ?? undefined,
    position: Number(row.position),
    eventsHandled: Number(row.events_handled),
    version: row.version,
    parked: row.parked_at
      ? { eventId: row.parked_event_id!, checkpoint: row.parked_checkpoint!, position: Number(row.parked_position), error: row.parked_error ?? '', at: row.parked_at }
      : undefined,
  };
}
