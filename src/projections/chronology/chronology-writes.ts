import type { PoolClient } from 'pg';
import type { RecordedEvent } from '../../ledger/event-store.port';
import { tableName } from '../sql-tables';
import type { StoredEntry } from './chronology-fold';
import type { Involvement } from './involvement';

/*
 * The chronology's statements, shared by incremental projection (a batch at a time) and by its
 * rebuild (ADR 0027: rows first, corrections at the end). Each writes a whole batch in one statement.
 */

export type Executor = Pick<PoolClient, 'query'>;

/** Rows by event id, for the corrections and sensitivity changes of a batch that point at earlier batches. */
export async function loadEntries(executor: Executor, table: string, eventIds: readonly string[]): Promise<Map<string, StoredEntry>> {
  const rows = new Map<string, StoredEntry>();
  if (eventIds.length === 0) return rows;
  const { rows: found } = await executor.query<{ entry: StoredEntry['entry']; data: StoredEntry['data']; occurred_sort: Date }>(
    `SELECT entry, data, occurred_sort FROM ${tableName(table)} WHERE event_id = ANY($1::uuid[])`, [eventIds],
  );
  for (const row of found) rows.set(row.entry.eventId, { entry: row.entry, data: row.data, occurredSort: row.occurred_sort });
  return rows;
}

/**
 * Rows per statement. PostgreSQL parses a statement's JSON document whole before it yields a row, and
 * a document of megabytes costs it twice as much per row as one of a few hundred kilobytes (measured:
 * 40-60 µs a row at 2,000 rows, about 20 at 100-500; docs/benchmarks.md).
 */
const ROWS_PER_STATEMENT = 250;

export async function insertEntries(executor: Executor, table: string, rows: readonly StoredEntry[]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) await insertSome(executor, table, rows.slice(start, start + ROWS_PER_STATEMENT));
}

async function insertSome(executor: Executor, table: string, rows: readonly StoredEntry[]): Promise<void> {
  await executor.query(
    `INSERT INTO ${tableName(table)} (event_id, child_id, agency_id, type, sensitivity, occurred_sort, recorded_at, position, entry, data)
     SELECT event_id, child_id, agency_id, type, sensitivity, occurred_sort, recorded_at, position, entry, data
       FROM jsonb_to_recordset($1::jsonb) AS x(event_id uuid, child_id uuid, agency_id text, type text, sensitivity text,
            occurred_sort timestamptz, recorded_at timestamptz, position bigint, entry jsonb, data jsonb)`,
    [JSON.stringify(rows.map(({ entry, data, occurredSort }) => ({
      event_id: entry.eventId, child_id: entry.childId, agency_id: entry.agencyId, type: entry.type, sensitivity: entry.sensitivity,
      occurred_sort: occurredSort.toISOString(), recorded_at: entry.recordedAt, position: entry.position, entry, data,
    })))],
  );
}

export async function updateEntries(executor: Executor, table: string, rows: readonly StoredEntry[]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) await updateSome(executor, table, rows.slice(start, start + ROWS_PER_STATEMENT));
}

async function updateSome(executor: Executor, table: string, rows: readonly StoredEntry[]): Promise<void> {
  await executor.query(
    `UPDATE ${tableName(table)} AS t SET sensitivity = x.sensitivity, entry = x.entry, data = x.data
       FROM jsonb_to_recordset($1::jsonb) AS x(event_id uuid, sensitivity text, entry jsonb, data jsonb)
      WHERE t.event_id = x.event_id`,
    [JSON.stringify(rows.map(({ entry, data }) => ({ event_id: entry.eventId, sensitivity: entry.sensitivity, entry, data })))],
  );
}

/**
 * Adds involvements, keeping the earliest `since` of a pair already there. `merge: false` for a
 * rebuild's scratch table, which has no key and keeps every pair as it comes (merged at the end).
 */
export async function recordInvolvements(executor: Executor, table: string, involvements: readonly Involvement[], { merge = true } = {}): Promise<void> {
  if (involvements.length === 0) return;
  const name = tableName(table);
  await executor.query(
    `INSERT INTO ${name} (child_id, agency_id, since)
     SELECT child_id, agency_id, since FROM jsonb_to_recordset($1::jsonb) AS x(child_id uuid, agency_id text, since timestamptz)
     ${merge ? `ON CONFLICT (child_id, agency_id) DO UPDATE SET since = least(${name}.since, excluded.since)` : ''}`,
    [JSON.stringify(involvements)],
  );
}

/** Links between duplicate records; a pair already linked keeps its first link (events in the order recorded). */
export async function recordLinks(executor: Executor, table: string, events: ReadonlyArray<Pick<RecordedEvent, 'type' | 'streamId' | 'eventId' | 'data' | 'recordedAt'>>): Promise<void> {
  const links = events.filter((event) => event.type === 'DuplicateRecordsLinked' && event.data).map((event) => ({
    child_id: event.streamId.slice('child-'.length), linked_child_id: event.data!.otherChildId, event_id: event.eventId, recorded_at: event.recordedAt.toISOString(),
  }));
  if (links.length === 0) return;
  await executor.query(
    `INSERT INTO ${tableName(table)} (child_id, linked_child_id, event_id, recorded_at)
     SELECT child_id, linked_child_id, event_id, recorded_at FROM jsonb_to_recordset($1::jsonb) AS x(child_id uuid, linked_child_id uuid, event_id uuid, recorded_at timestamptz)
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(links)],
  );
}
