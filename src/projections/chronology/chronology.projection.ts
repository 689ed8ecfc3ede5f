import type { PoolClient } from 'pg';
import type { RecordedEvent } from '../../ledger/event-store.port';
import type { Projection, TableNames } from '../runner/projection';
import { tableName } from '../sql-tables';
import { applyFolded, entryFor, FOLDED_TYPES, targetOf, type StoredEntry } from './chronology-fold';
import { involvedAgencies } from './involvement';

/**
 * The child chronology (one row per event, corrections folded in), the agencies involved with each
 * child and the links between duplicate records. A batch is folded in memory with the same pure
 * functions an as-of replay uses, then written with one statement per table.
 */
export class ChronologyProjection implements Projection {
  readonly name = 'chronology';
  readonly version = 1;
  readonly tables = ['chronology_entries', 'child_involvements', 'child_links'] as const;

  async apply(events: readonly RecordedEvent[], transaction: PoolClient, tables: TableNames): Promise<void> {
    const childEvents = events.filter((event) => event.streamId.startsWith('child-'));
    if (childEvents.length === 0) return;
    const entries = tableName(tables.chronology_entries);
    const rows = await this.loadTargets(childEvents, transaction, entries);
    const inserted = new Set<string>();
    const updated = new Set<string>();
    for (const event of childEvents) {
      if (!FOLDED_TYPES.has(event.type)) {
        rows.set(event.eventId, entryFor(event));
        inserted.add(event.eventId);
        continue;
      }
      const target = rows.get(targetOf(event) ?? '');
      if (!target) continue; // the decider refuses this; an imported oddity changes nothing here
      rows.set(target.entry.eventId, applyFolded(target, event));
      if (!inserted.has(target.entry.eventId)) updated.add(target.entry.eventId);
    }
    await insertEntries(transaction, entries, [...inserted].map((id) => rows.get(id)!));
    await updateEntries(transaction, entries, [...updated].map((id) => rows.get(id)!));
    await recordInvolvement(transaction, tableName(tables.child_involvements), childEvents);
    await recordLinks(transaction, tableName(tables.child_links), childEvents);
  }

  /** Rows that this batch's corrections and sensitivity changes point at, when written by an earlier batch. */
  private async loadTargets(events: readonly RecordedEvent[], transaction: PoolClient, table: string): Promise<Map<string, StoredEntry>> {
    const inBatch = new Set(events.map((event) => event.eventId));
    const wanted = events.filter((event) => FOLDED_TYPES.has(event.type)).map(targetOf).filter((id): id is string => !!id && !inBatch.has(id));
    const rows = new Map<string, StoredEntry>();
    if (wanted.length === 0) return rows;
    const { rows: found } = await transaction.query<{ entry: StoredEntry['entry']; data: StoredEntry['data']; occurred_sort: Date }>(
      `SELECT entry, data, occurred_sort FROM ${table} WHERE event_id = ANY($1::uuid[])`, [wanted],
    );
    for (const row of found) rows.set(row.entry.eventId, { entry: row.entry, data: row.data, occurredSort: row.occurred_sort });
    return rows;
  }
}

async function insertEntries(transaction: PoolClient, table: string, rows: StoredEntry[]): Promise<void> {
  if (rows.length === 0) return;
  await transaction.query(
    `INSERT INTO ${table} (event_id, child_id, agency_id, type, sensitivity, occurred_sort, recorded_at, position, entry, data)
     SELECT event_id, child_id, agency_id, type, sensitivity, occurred_sort, recorded_at, position, entry, data
       FROM jsonb_to_recordset($1::jsonb) AS x(event_id uuid, child_id uuid, agency_id text, type text, sensitivity text,
            occurred_sort timestamptz, recorded_at timestamptz, position bigint, entry jsonb, data jsonb)`,
    [JSON.stringify(rows.map(({ entry, data, occurredSort }) => ({
      event_id: entry.eventId, child_id: entry.childId, agency_id: entry.agencyId, type: entry.type, sensitivity: entry.sensitivity,
      occurred_sort: occurredSort.toISOString(), recorded_at: entry.recordedAt, position: entry.position, entry, data,
    })))],
  );
}

async function updateEntries(transaction: PoolClient, table: string, rows: StoredEntry[]): Promise<void> {
  if (rows.length === 0) return;
  await transaction.query(
    `UPDATE ${table} AS t SET sensitivity = x.sensitivity, entry = x.entry, data = x.data
       FROM jsonb_to_recordset($1::jsonb) AS x(event_id uuid, sensitivity text, entry jsonb, data jsonb)
      WHERE t.event_id = x.event_id`,
    [JSON.stringify(rows.map(({ entry, data }) => ({ event_id: entry.eventId, sensitivity: entry.sensitivity, entry, data })))],
  );
}

async function recordInvolvement(transaction: PoolClient, table: string, events: readonly RecordedEvent[]): Promise<void> {
  const pairs = new Map<string, { child_id: string; agency_id: string; since: string }>();
  for (const event of events) {
    const childId = event.streamId.slice('child-'.length);
    for (const agencyId of involvedAgencies(event)) {
      const key = `${childId}/${agencyId}`;
      if (!pairs.has(key)) pairs.set(key, { child_id: childId, agency_id: agencyId, since: event.recordedAt.toISOString() });
    }
  }
  await transaction.query(
    `INSERT INTO ${table} (child_id, agency_id, since)
     SELECT child_id, agency_id, since FROM jsonb_to_recordset($1::jsonb) AS x(child_id uuid, agency_id text, since timestamptz)
     ON CONFLICT (child_id, agency_id) DO UPDATE SET since = least(${table}.since, excluded.since)`,
    [JSON.stringify([...pairs.values()])],
  );
}

async function recordLinks(transaction: PoolClient, table: string, events: readonly RecordedEvent[]): Promise<void> {
  const links = events.filter((event) => event.type === 'DuplicateRecordsLinked' && event.data).map((event) => ({
    child_id: event.streamId.slice('child-'.length), linked_child_id: event.data!.otherChildId, event_id: event.eventId, recorded_at: event.recordedAt.toISOString(),
  }));
  if (links.length === 0) return;
  await transaction.query(
    `INSERT INTO ${table} (child_id, linked_child_id, event_id, recorded_at)
     SELECT child_id, linked_child_id, event_id, recorded_at FROM jsonb_to_recordset($1::jsonb) AS x(child_id uuid, linked_child_id uuid, event_id uuid, recorded_at timestamptz)
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(links)],
  );
}
