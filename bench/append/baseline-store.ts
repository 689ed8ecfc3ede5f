import type { Pool } from 'pg';
import type { NewEvent } from '../../src/ledger/event-store.port';

/**
 * The yardstick: the simplest correct append a team might write by hand, storing the same event
 * (type, occurrence, metadata, payload). One `INSERT ... SELECT` per append with the version check in
 * SQL, a primary key on (stream, revision) and a global position; no idempotency, no hash chain, no
 * trustworthy global order, no immutability.
 */
export async function createBaseline(pool: Pool): Promise<void> {
  await pool.query(`CREATE TABLE IF NOT EXISTS bench_baseline (
    global_position bigserial, stream_id text NOT NULL, revision bigint NOT NULL, event_id uuid NOT NULL,
    type text NOT NULL, occurred_at text NOT NULL, metadata jsonb NOT NULL, data jsonb NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (stream_id, revision))`);
}

export async function appendBaseline(pool: Pool, streamId: string, expected: number, events: NewEvent[]): Promise<void> {
  const { rowCount } = await pool.query(
    `INSERT INTO bench_baseline (stream_id, revision, event_id, type, occurred_at, metadata, data)
     SELECT $1, $2::bigint + u.ord, u.id, u.type, u.occurred_at, u.metadata, u.data
       FROM unnest($3::uuid[], $4::text[], $5::text[], $6::jsonb[], $7::jsonb[])
            WITH ORDINALITY AS u(id, type, occurred_at, metadata, data, ord)
      WHERE coalesce((SELECT max(b.revision) FROM bench_baseline b WHERE b.stream_id = $1), -1) = $2`,
    [
      streamId,
      expected,
      events.map((e) => e.eventId),
      events.map((e) => e.type),
      events.map((e) => e.occurredAt),
      events.map((e) => JSON.stringify(e.metadata)),
      events.map((e) => JSON.stringify(e.data)),
    ],
  );
  if (rowCount !== events.length) throw new Error('baseline version conflict');
}
