import type { Pool, PoolClient } from 'pg';
import type { EventStore } from '../../ledger/event-store.port';
import { tableName } from '../sql-tables';
import { loadCheckpoint, lockProjection, readCheckpoint } from './checkpoints';
import { rebuildSlot, rebuildTables, type Projection } from './projection';
import type { ProjectionLeases } from './projection-leases';
import { ProjectionRunner } from './projection-runner';

export class RebuildFailedError extends Error {}

/**
 * Rebuilds a read model without downtime: builds `<table>_next` from position 0 beside the live
 * tables (which keep serving and keep being projected), then swaps them in one short transaction
 * together with the checkpoint the new tables have reached. The live runner, whose compare-and-set
 * then fails, reloads and carries on from there. A rebuild that stops half-way starts again from 0.
 */
export async function rebuildProjection(
  pool: Pool, store: EventStore, projection: Projection, leases: ProjectionLeases,
  options: { batchSize?: number; onProgress?: (eventsHandled: number) => void; onFinishing?: (done: number, total: number) => void } = {},
): Promise<{ eventsHandled: number }> {
  const slot = rebuildSlot(projection);
  if (!(await leases.holdOrAcquire(slot))) throw new RebuildFailedError(`Another rebuild of ${projection.name} is running`);
  try {
    await prepareNextTables(pool, projection, slot);
    const tables = rebuildTables(projection);
    const runner = new ProjectionRunner(pool, store, gathering(projection), leases, { slot, tables, batchSize: options.batchSize ?? 2000 });
    for (;;) {
      const outcome = await runner.step();
      options.onProgress?.(runner.checkpoint?.eventsHandled ?? 0);
      if (outcome === 'caught-up') break;
      if (outcome === 'parked') {
        const parked = (await readCheckpoint(pool, slot))?.parked;
        throw new RebuildFailedError(`The rebuild stopped: ${parked?.error ?? 'an event could not be applied'}`);
      }
    }
    // The rebuild's checkpoint stays where the last batch left it while this runs: the swap hands the
    // live runner exactly the position the finished tables reflect.
    await projection.bulkRebuild?.finish(pool, tables, options.onFinishing);
    // Filled from empty in one go: without statistics the planner would guess, and a guessed plan for
    // the live runner's small lookups can be a scan of the whole table (autovacuum may be off or late).
    await pool.query(Object.values(tables).map((table) => `ANALYZE ${tableName(table)};`).join('\n'));
    return { eventsHandled: await swapIn(pool, projection, slot) };
  } finally {
    await leases.release(slot);
  }
}

/** The projection as a rebuild runs it: gathering only, when it does its costly part once at the end. */
function gathering(projection: Projection): Projection {
  const bulk = projection.bulkRebuild;
  if (!bulk) return projection;
  return { name: projection.name, version: projection.version, tables: projection.tables, apply: (events, transaction, tables) => bulk.gather(events, transaction, tables) };
}

async function prepareNextTables(pool: Pool, projection: Projection, slot: string): Promise<void> {
  const statements = projection.tables.map((table) => {
    const live = tableName(table);
    return `DROP TABLE IF EXISTS ${live}_next; CREATE TABLE ${live}_next (LIKE ${live} INCLUDING ALL);`;
  });
  await pool.query(`${statements.join('\n')} DELETE FROM projection_checkpoints WHERE projection = '${slot.replace(/'/g, "''")}';`);
}

/** One transaction: take the projection's lock (ordering us against the live runner's batches), swap the tables, move the checkpoint. */
async function swapIn(pool: Pool, projection: Projection, slot: string): Promise<number> {
  await loadCheckpoint(pool, projection.name, projection.version);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await lockProjection(client, projection.name);
    const rebuilt = (await readCheckpoint(client, slot))!;
    for (const table of projection.tables) await swapTable(client, tableName(table));
    await client.query(
      `UPDATE projection_checkpoints SET checkpoint = $2, position = $3, events_handled = $4, version = $5,
              parked_event_id = NULL, parked_checkpoint = NULL, parked_position = NULL, parked_error = NULL, parked_at = NULL, updated_at = now()
        WHERE projection = $1`,
      [projection.name, rebuilt.checkpoint ?? null, rebuilt.position, rebuilt.eventsHandled, projection.version],
    );
    await client.query('DELETE FROM projection_checkpoints WHERE projection = $1', [slot]);
    await client.query('COMMIT');
    return rebuilt.eventsHandled;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** The new table takes the live table's name and its indexes' names (matched by definition), so the schema is as the migrations made it. */
async function swapTable(client: PoolClient, live: string): Promise<void> {
  const indexes = async (table: string) => new Map((await client.query<{ indexname: string; shape: string }>(
    `SELECT indexname, regexp_replace(indexdef, '^.* USING ', '') AS shape FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1`, [table],
  )).rows.map((row) => [row.shape, row.indexname]));
  const liveIndexes = await indexes(live);
  const nextIndexes = await indexes(`${live}_next`);
  await client.query(`ALTER TABLE ${live} RENAME TO ${live}_old; ALTER TABLE ${live}_next RENAME TO ${live}; DROP TABLE ${live}_old;`);
  for (const [shape, name] of nextIndexes) {
    const canonical = liveIndexes.get(shape);
    if (canonical && canonical !== name) await client.query(`ALTER INDEX ${tableName(name)} RENAME TO ${tableName(canonical)}`);
  }
}
