import type { Pool } from 'pg';
import type { EventsInSql } from '../../ledger/event-store.port';
import { loadCheckpoint } from './checkpoints';
import { GatherFailedError, LeaseLostError, saveGatheredCheckpoint } from './gather-for-rebuild';
import type { BulkRebuild, TableNames } from './projection';
import { kindOf } from './projection-runner';
import { settledLater } from '../../common/settled-later';

/**
 * The first half of a bulk rebuild when the ledger is in the same database (ADR 0019): the same as
 * `gatherForRebuild`, but each part of the ledger is one `INSERT ... SELECT` run by PostgreSQL, the
 * parts at once on their own connections; no event crosses to the service and back. A rebuild that
 * stops half-way starts again from position 0 on new tables, so the parts need no checkpoint of their own.
 */
export async function gatherInDatabase(
  pool: Pool, source: EventsInSql, gatherInSql: NonNullable<BulkRebuild['gatherInSql']>, slot: string, version: number, tables: TableNames,
  options: { onProgress?: (eventsHandled: number) => void; leaseHeld: () => boolean },
): Promise<void> {
  await loadCheckpoint(pool, slot, version);
  let partsDone = 0;
  const parts = source.parts.map((events) => settledLater((async () => {
    await gatherInSql(events, pool, tables);
    partsDone += 1;
    options.onProgress?.(Math.round((source.events * partsDone) / source.parts.length));
  })()));
  try {
    await Promise.all(parts);
  } catch (error) {
    await Promise.allSettled(parts); // no connection goes back to the pool mid-statement
    // Its kind only: a database error's message can quote the values of a row (never child data in a log).
    throw new GatherFailedError(`The rebuild stopped while gathering the ledger: ${kindOf(error)}`, { cause: error });
  }
  // Another instance may have taken the rebuild over once our lease's connection was gone: its tables, not ours.
  if (!options.leaseHeld()) throw new LeaseLostError(`The rebuild lost its lease (${slot}): run it again`);
  if (source.last) await saveGatheredCheckpoint(pool, slot, source.last, source.events);
}
