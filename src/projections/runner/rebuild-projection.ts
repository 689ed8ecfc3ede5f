import type { Pool, PoolClient } from 'pg';
import type { EventStore } from '../../ledger/event-store.port';
import { tableName } from '../sql-tables';
import { loadCheckpoint, lockProjection, readCheckpoint } from './checkpoints';
import { rebuildSlot, rebuildTables, scratchTables, type BulkRebuild, type Projection, type TableNames } from './projection';
import type { ProjectionLeases } from './projection-leases';
import { ProjectionRunner } from './projection-runner';
import { gatherForRebuild } from './gather-for-rebuild';
import { gatherInDatabase } from './gather-in-database';
import { analyse, indexLikeLive, rewriteInOrder } from './rebuild-tables';

export class RebuildFailedError extends Error {}

/**
 * Rebuilds a read model without downtime: builds `<table>_next` from position 0 beside the live
 * tables (which keep serving and keep being projected), then swaps them in one short transaction
 * together with the checkpoint the new tables have reached. The live runner, whose compare-and-set
 * then fails, reloads and carries on from there. A rebuild that stops half-way starts again from 0.
 */
export async function rebuildProjection(
  pool: Pool, store: EventStore, projection: Projection, leases: ProjectionLeases,
  options: {
    batchSize?: number; onProgress?: (eventsHandled: number) => void; onFinishing?: (done: number, total: number) => void;
    /** Connections a bulk rebuild gathers on at once: 2 on a server, 1 (the default) on the embedded database. */
    gatherWriters?: number;
    /**
     * A bulk rebuild gathers in SQL on the database when the ledger is there too (ADR 0019), else page
     * by page through the service; false (tests) takes the pages even then.
     */
    gatherInDatabase?: boolean;
  } = {},
): Promise<{ eventsHandled: number }> {
  const slot = rebuildSlot(projection);
  if (!(await leases.holdOrAcquire(slot))) throw new RebuildFailedError(`Another rebuild of ${projection.name} is running`);
  try {
    await prepareNextTables(pool, projection, slot);
    const tables = rebuildTables(projection);
    const scratch = scratchTables(projection);
    // What the bulk rebuild's own steps write: the `_next` tables and the scratch tables.
    const working = { ...tables, ...scratch };
    const batchSize = options.batchSize ?? 2000;
    if (projection.bulkRebuild) {
      await gather(pool, store, projection, projection.bulkRebuild, working, { ...options, batchSize, leaseHeld: () => leases.holds(slot) });
    } else {
      await project(new ProjectionRunner(pool, store, projection, leases, { slot, tables, batchSize }), pool, slot, options.onProgress);
    }
    // The rebuild's checkpoint stays where the last batch left it while this runs: the swap hands the
    // live runner exactly the position the finished tables reflect.
    const indexedWhenFilled = projection.bulkRebuild?.indexedWhenFilled;
    // Several indexes of a table are built at once on a server (a table's indexes are independent), one at a time on the embedded database.
    const indexesAtOnce = options.gatherWriters ?? 1;
    for (const { table, orderBy } of indexedWhenFilled?.gathered ?? []) {
      if (orderBy) await rewriteInOrder(pool, table, orderBy);
      await indexLikeLive(pool, table, indexesAtOnce);
    }
    // Statistics of what was gathered, for `finish`'s queries: without them, a lookup of a hundred children
    // by index is planned as a scan of the whole table.
    if (projection.bulkRebuild) await analyse(pool, working);
    await projection.bulkRebuild?.finish(pool, working, options.onFinishing);
    await dropTables(pool, scratch);
    for (const table of indexedWhenFilled?.finished ?? []) await indexLikeLive(pool, table, indexesAtOnce);
    // Filled from empty in one go: without statistics the planner would guess, and a guessed plan for
    // the live runner's small lookups can be a scan of the whole table (autovacuum may be off or late).
    // The gathered tables were analysed before `finish`, which changes only some of their rows.
    const gathered = new Set((indexedWhenFilled?.gathered ?? []).map(({ table }) => table));
    await analyse(pool, Object.fromEntries(Object.entries(tables).filter(([table]) => !gathered.has(table))));
    return { eventsHandled: await swapIn(pool, projection, slot) };
  } finally {
    await leases.release(slot);
  }
}

/** A bulk rebuild's first half: in SQL on the database when the ledger is there too (ADR 0019), else page by page. */
async function gather(
  pool: Pool, store: EventStore, projection: Projection, bulk: BulkRebuild, tables: TableNames,
  options: { batchSize: number; gatherWriters?: number; gatherInDatabase?: boolean; onProgress?: (eventsHandled: number) => void; leaseHeld: () => boolean },
): Promise<void> {
  const slot = rebuildSlot(projection);
  const writers = options.gatherWriters ?? 1;
  const inSql = bulk.gatherInSql && options.gatherInDatabase !== false ? await store.eventsInSql?.(pool, writers) : undefined;
  if (inSql && bulk.gatherInSql) {
    await gatherInDatabase(pool, inSql, bulk.gatherInSql.bind(bulk), slot, projection.version, tables, options);
  } else {
    await gatherForRebuild(pool, store, bulk, slot, projection.version, tables, { ...options, writers });
  }
}

/** Steps the rebuild's runner until it has caught up with the ledger. */
async function project(runner: ProjectionRunner, pool: Pool, slot: string, onProgress?: (eventsHandled: number) => void): Promise<void> {
  for (;;) {
    const outcome = await runner.step();
    onProgress?.(runner.checkpoint?.eventsHandled ?? 0);
    if (outcome === 'caught-up') return;
    if (outcome === 'parked') {
      const parked = (await readCheckpoint(pool, slot))?.parked;
      throw new RebuildFailedError(`The rebuild stopped: ${parked?.error ?? 'an event could not be applied'}`);
    }
  }
}

async function prepareNextTables(pool: Pool, projection: Projection, slot: string): Promise<void> {
  const later = projection.bulkRebuild?.indexedWhenFilled;
  const unindexed = new Set([...(later?.gathered ?? []).map(({ table }) => table), ...later?.finished ?? []]);
  // A table rewritten in order once gathered is a scratch table until then: unlogged, it costs no WAL
  // (nor the WAL flushes that evicting its pages from a small cache would force); the rewrite is logged.
  const scratch = new Set((later?.gathered ?? []).filter(({ orderBy }) => orderBy).map(({ table }) => table));
  const statements = projection.tables.map((table) => {
    const live = tableName(table);
    return `DROP TABLE IF EXISTS ${live}_next; CREATE ${scratch.has(table) ? 'UNLOGGED ' : ''}TABLE ${live}_next (LIKE ${live} INCLUDING ALL${unindexed.has(table) ? ' EXCLUDING INDEXES' : ''});`;
  });
  // Unlogged: a scratch table outlives neither the rebuild nor a crash (a rebuild that stops starts again).
  for (const [table, columns] of Object.entries(projection.bulkRebuild?.scratchTables ?? {})) {
    const name = tableName(scratchTables(projection)[table]);
    statements.push(`DROP TABLE IF EXISTS ${name}; CREATE UNLOGGED TABLE ${name} (${columns});`);
  }
  await pool.query(`${statements.join('\n')} DELETE FROM projection_checkpoints WHERE projection = '${slot.replace(/'/g, "''")}';`);
}

async function dropTables(pool: Pool, tables: TableNames): Promise<void> {
  const names = Object.values(tables).map(tableName);
  if (names.length > 0) await pool.query(`DROP TABLE IF EXISTS ${names.join(', ')}`);
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
