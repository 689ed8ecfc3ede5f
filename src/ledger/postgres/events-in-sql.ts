import type { Pool } from 'pg';
import type { EventsInSql } from '../event-store.port';
import { formatCheckpoint } from './postgres-event-rows';

/** `Date.toJSON`'s form, in SQL: both truncate to the millisecond (the times the ledger stores have no finer part). */
const AS_JSON_TIME = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * The events `readAll` would give a reader starting now from position 0, as SQL (ADR 0019). The
 * horizon is the oldest transaction still running: every transaction before it has committed or rolled
 * back, so the events it left are all there and stay as they are, and no later event can come before
 * them in the global order (docs/adr/0002-global-order.md). A reader continues from `last`.
 */
export async function eventsInSql(pool: Pool, parts: number): Promise<EventsInSql> {
  const { rows: [{ horizon }] } = await pool.query<{ horizon: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon');
  if (!/^\d+$/.test(horizon)) throw new Error('Unexpected transaction horizon');
  const before = `e.transaction_id < '${horizon}'::xid8`;
  const { rows: [last] } = await pool.query<{ transaction_id: string; global_position: string }>(
    `SELECT e.transaction_id, e.global_position FROM ledger_events e WHERE ${before} ORDER BY e.transaction_id DESC, e.global_position DESC LIMIT 1`,
  );
  const { rows: [{ events }] } = await pool.query<{ events: string }>(`SELECT count(*) AS events FROM ledger_events e WHERE ${before}`);
  const count = Math.max(1, Math.floor(parts));
  return {
    // Split by position, not by range: every part has its share of every kind of stream.
    parts: Array.from({ length: count }, (_, part) => eventRows(count === 1 ? before : `${before} AND e.global_position % ${count} = ${part}`)),
    events: Number(events),
    last: last && { checkpoint: formatCheckpoint(last.transaction_id, last.global_position), position: Number(last.global_position) },
  };
}

/** One row per event, the `RecordedEvent`'s fields as columns (a simple subquery: PostgreSQL computes only the columns used). */
function eventRows(where: string): string {
  return `SELECT e.stream_id AS "streamId", e.revision, e.global_position AS position,
      e.transaction_id::text || ':' || e.global_position::text AS checkpoint, e.event_id AS "eventId", e.type,
      e.schema_version AS "schemaVersion", e.occurred_at AS "occurredAt", e.occurred_at_precision AS "occurredAtPrecision",
      to_char(e.recorded_at AT TIME ZONE 'UTC', ${AS_JSON_TIME}) AS "recordedAt", to_char(e.imported_at AT TIME ZONE 'UTC', ${AS_JSON_TIME}) AS "importedAt",
      e.recorded_at_known AS "recordedAtKnown", e.metadata, e.data, encode(e.data_digest, 'hex') AS "dataDigest", encode(e.hash, 'hex') AS hash
    FROM ledger_events e WHERE ${where}`;
}
