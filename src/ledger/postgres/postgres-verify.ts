import type { ClientBase, Pool } from 'pg';
import type { RecordedEvent } from '../event-store.port';
import type { StreamHead } from '../hash-chain/verify-chain';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from './postgres-event-rows';

const PAGE_SIZE = 5000;

export async function readStreamHead(pool: Pool | ClientBase, streamId: string): Promise<StreamHead | undefined> {
  const { rows } = await pool.query<{ revision: string; head_hash: Buffer | null }>(
    'SELECT revision, head_hash FROM ledger_streams WHERE stream_id = $1',
    [streamId],
  );
  return rows[0] ? { revision: Number(rows[0].revision), hash: rows[0].head_hash?.toString('hex') ?? null } : undefined;
}

/**
 * Every stream with its events and its recorded head, in stream-id order, read in pages by
 * (stream id, revision) so memory stays bounded by the largest stream. Heads with no events
 * (events removed from the table) come out as empty streams, so they fail verification too.
 */
export async function* streamsInOrder(
  pool: Pool,
): AsyncGenerator<{ streamId: string; events: RecordedEvent[]; head: StreamHead }> {
  let current: { streamId: string; events: RecordedEvent[]; head: StreamHead } | undefined;
  let cursor: { streamId: string; revision: number } = { streamId: '', revision: -1 };
  for (;;) {
    const { rows } = await pool.query<EventRow & { head_revision: string | null; head_hash: Buffer | null }>(
      `SELECT ${EVENT_COLUMNS}, s.revision AS head_revision, s.head_hash
         FROM ledger_events e LEFT JOIN ledger_streams s ON s.stream_id = e.stream_id
        WHERE (e.stream_id, e.revision) > ($1, $2)
        ORDER BY e.stream_id, e.revision LIMIT ${PAGE_SIZE}`,
      [cursor.streamId, cursor.revision],
    );
    for (const row of rows) {
      if (current?.streamId !== row.stream_id) {
        if (current) yield current;
        current = { streamId: row.stream_id, events: [], head: { revision: -1, hash: null } };
      }
      current.events.push(toRecordedEvent(row));
      // The head read with a stream's last row shares that row's snapshot: a stream spread over
      // several pages may have grown in between, and must not look tampered with for it.
      current.head = { revision: row.head_revision === null ? -1 : Number(row.head_revision), hash: row.head_hash?.toString('hex') ?? null };
    }
    if (rows.length < PAGE_SIZE) break;
    const last = rows[rows.length - 1];
    cursor = { streamId: last.stream_id, revision: Number(last.revision) };
  }
  if (current) yield current;
  yield* headsWithoutEvents(pool);
}

async function* headsWithoutEvents(pool: Pool): AsyncGenerator<{ streamId: string; events: RecordedEvent[]; head: StreamHead }> {
  const { rows } = await pool.query<{ stream_id: string; revision: string; head_hash: Buffer | null }>(
    `SELECT s.stream_id, s.revision, s.head_hash FROM ledger_streams s
      WHERE s.revision >= 0 AND NOT EXISTS (SELECT 1 FROM ledger_events e WHERE e.stream_id = s.stream_id)`,
  );
  for (const row of rows) {
    yield { streamId: row.stream_id, events: [], head: { revision: Number(row.revision), hash: row.head_hash?.toString('hex') ?? null } };
  }
}
