import type { Pool } from 'pg';
import type { EventStore, RecordedEvent } from '../../ledger/event-store.port';
import { loadCheckpoint } from './checkpoints';
import type { BulkRebuild, TableNames } from './projection';
import { kindOf } from './projection-runner';
import { settledLater } from '../../common/settled-later';
import { inTransaction } from '../../database/in-transaction';

export class LeaseLostError extends Error {}
export class GatherFailedError extends Error {}

/**
 * The first half of a bulk rebuild (ADR 0014): every event of the ledger handed to `gather`, page by
 * page. Unlike a projection step, a page needs no checkpoint of its own: a rebuild that stops half-way
 * starts again from position 0 on new tables. So pages are written by `writers` connections at once
 * (a second PostgreSQL backend on a second core) while the next page is read, and the rebuild's
 * checkpoint is written once, at the end. One writer (the embedded database, whose connections share
 * one session) gathers strictly page after page.
 */
export async function gatherForRebuild(
  pool: Pool, store: EventStore, bulk: BulkRebuild, slot: string, version: number, tables: TableNames,
  options: { batchSize: number; writers: number; onProgress?: (eventsHandled: number) => void; leaseHeld: () => boolean },
): Promise<void> {
  const start = await loadCheckpoint(pool, slot, version);
  let last: RecordedEvent | undefined;
  let handled = start.eventsHandled;
  const writing: Array<Promise<void>> = [];
  try {
    for (;;) {
      // Another instance may take the rebuild over once our lease's connection is gone: stop writing then.
      if (!options.leaseHeld()) throw new LeaseLostError(`The rebuild lost its lease (${slot}): run it again`);
      const { events } = await store.readAll({ after: last?.checkpoint ?? start.checkpoint, limit: options.batchSize });
      if (events.length === 0) break;
      writing.push(settledLater(gatherPage(pool, bulk, events, tables)));
      if (writing.length >= options.writers) await writing.shift();
      last = events[events.length - 1];
      handled += events.length;
      options.onProgress?.(handled);
      if (events.length < options.batchSize) break;
    }
    await Promise.all(writing);
  } catch (error) {
    await Promise.allSettled(writing); // no connection goes back to the pool mid-transaction
    if (error instanceof LeaseLostError) throw error;
    // Its kind only: a database error's message can quote the values of a row (never child data in a log).
    throw new GatherFailedError(`The rebuild stopped while gathering the ledger: ${kindOf(error)}`, { cause: error });
  }
  if (last) await saveGatheredCheckpoint(pool, slot, last, handled);
}

/** Where the gathering ended, once, at the end: what the swap hands the live runner. */
export async function saveGatheredCheckpoint(pool: Pool, slot: string, last: { checkpoint: string; position: number }, handled: number): Promise<void> {
  await pool.query(
    'UPDATE projection_checkpoints SET checkpoint = $2, position = $3, events_handled = $4, updated_at = now() WHERE projection = $1',
    [slot, last.checkpoint, last.position, handled],
  );
}

function gatherPage(pool: Pool, bulk: BulkRebuild, events: readonly RecordedEvent[], tables: TableNames): Promise<void> {
  return inTransaction(pool, (client) => bulk.gather(events, client, tables));
}
