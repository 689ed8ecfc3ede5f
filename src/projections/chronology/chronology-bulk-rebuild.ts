import type { Pool } from 'pg';
import type { RecordedEvent } from '../../ledger/event-store.port';
import { inTransaction } from '../../database/in-transaction';
import type { BulkRebuild, TableNames } from '../runner/projection';
import { tableName } from '../sql-tables';
import { isChildEvent } from './child-of-stream';
import { applyFold, entryFor, FOLDED_TYPES, targetOf, type FoldedEvent } from './chronology-fold';
import { involvementsOf } from './involvement';
import { insertEntries, loadEntries, recordInvolvements, recordLinks, updateEntries, type Executor } from './chronology-writes';

/** Events kept for `finish` per page it reads back: a few thousand rows folded and updated per transaction. */
const KEPT_PER_PAGE = 2000;

/** The events whose effect depends on what came before them: folded into an earlier row, or a link (the first link of a pair wins). */
function keptForLater(event: RecordedEvent): boolean {
  return FOLDED_TYPES.has(event.type) || event.type === 'DuplicateRecordsLinked';
}

/** A kept event as `finish` reads it back: what folding and linking need of it. */
type KeptEvent = FoldedEvent & Pick<RecordedEvent, 'streamId'>;

/**
 * The chronology's rebuild (ADR 0027). Incremental projection must apply a batch in order, as a
 * correction changes a row written before it. A rebuild instead writes every event's own row as the
 * pages come, on two connections at once, into a table without indexes (the rows of one page never
 * depend on another's), and keeps aside the few events whose effect depends on order: corrections,
 * changes of sensitivity and links. Once every row is in and indexed, `finish` applies those in the
 * order recorded, with the same fold as incremental projection, so the tables come out the same.
 */
export class ChronologyBulkRebuild implements BulkRebuild {
  /** The rows are indexed once all are written (`finish` then finds a correction's row by its key). */
  readonly indexedWhenFilled = { gathered: [{ table: 'chronology_entries' }], finished: [] };

  readonly finishing = 'corrections, sensitivity changes and links applied';

  /** Where pages leave what only `finish` can apply: kept events, and involvements with duplicates across pages. */
  readonly scratchTables = {
    chronology_kept_events: 'position bigint PRIMARY KEY, event_id uuid NOT NULL, stream_id text NOT NULL, type text NOT NULL, data jsonb, recorded_at timestamptz NOT NULL',
    chronology_involvements_seen: 'child_id uuid NOT NULL, agency_id text NOT NULL, since timestamptz NOT NULL',
  };

  async gather(events: readonly RecordedEvent[], transaction: Executor, tables: TableNames): Promise<void> {
    const childEvents = events.filter(isChildEvent);
    if (childEvents.length === 0) return;
    await insertEntries(transaction, tables.chronology_entries, childEvents.filter((event) => !FOLDED_TYPES.has(event.type)).map(entryFor));
    await recordInvolvements(transaction, tables.chronology_involvements_seen, involvementsOf(childEvents), { merge: false });
    await keep(transaction, tables.chronology_kept_events, childEvents.filter(keptForLater));
  }

  async finish(pool: Pool, tables: TableNames, onProgress?: (done: number, total: number) => void): Promise<void> {
    const seen = tableName(tables.chronology_involvements_seen);
    await pool.query(
      `INSERT INTO ${tableName(tables.child_involvements)} (child_id, agency_id, since)
       SELECT child_id, agency_id, min(since) FROM ${seen} GROUP BY child_id, agency_id`,
    );
    const kept = tableName(tables.chronology_kept_events);
    const total = Number((await pool.query<{ count: string }>(`SELECT count(*) AS count FROM ${kept}`)).rows[0].count);
    let done = 0;
    // In the order recorded, a page per transaction, one connection at a time (the embedded database).
    for (let after = -1; ;) {
      const { rows } = await pool.query<{ position: string; event_id: string; stream_id: string; type: string; data: Record<string, unknown> | null; recorded_at: Date }>(
        `SELECT position, event_id, stream_id, type, data, recorded_at FROM ${kept} WHERE position > $1 ORDER BY position LIMIT ${KEPT_PER_PAGE}`, [after],
      );
      if (rows.length === 0) break;
      const page: KeptEvent[] = rows.map((row) => ({ position: Number(row.position), eventId: row.event_id, streamId: row.stream_id, type: row.type, data: row.data, recordedAt: row.recorded_at }));
      await inTransaction(pool, (client) => applyInOrder(client, tables, page));
      after = page[page.length - 1].position;
      done += page.length;
      onProgress?.(done, total);
    }
  }
}

async function keep(executor: Executor, table: string, events: readonly RecordedEvent[]): Promise<void> {
  if (events.length === 0) return;
  await executor.query(
    `INSERT INTO ${tableName(table)} (position, event_id, stream_id, type, data, recorded_at)
     SELECT position, event_id, stream_id, type, data, recorded_at
       FROM jsonb_to_recordset($1::jsonb) AS x(position bigint, event_id uuid, stream_id text, type text, data jsonb, recorded_at timestamptz)`,
    [JSON.stringify(events.map((event) => ({
      position: event.position, event_id: event.eventId, stream_id: event.streamId, type: event.type, data: event.data, recorded_at: event.recordedAt.toISOString(),
    })))],
  );
}

/** Folds a page of kept events into the rows they point at, and links, as incremental projection would have. */
async function applyInOrder(executor: Executor, tables: TableNames, page: readonly KeptEvent[]): Promise<void> {
  const folded = page.filter((event) => FOLDED_TYPES.has(event.type));
  const rows = await loadEntries(executor, tables.chronology_entries, folded.map(targetOf).filter((id): id is string => !!id));
  const changed = new Set<string>();
  for (const event of folded) {
    const id = applyFold(rows, event);
    if (id) changed.add(id);
  }
  await updateEntries(executor, tables.chronology_entries, [...changed].map((id) => rows.get(id)!));
  await recordLinks(executor, tables.child_links, page);
}
