import type { ClientBase, Pool } from 'pg';
import type { AppendResult, ExpectedRevision } from '../event-store.port';
import { classifyRetry, type StoredIdentity } from '../idempotent-replay';
import { LedgerUnavailableError, VersionConflictError } from '../ledger-errors';
import type { PreparedEvent } from '../prepare-append';

interface AppendRow {
  out_event_id: string;
  out_stream_id: string;
  out_revision: string;
  out_position: string;
  out_recorded_at: Date;
  out_hash: Buffer;
  out_fingerprint: Buffer;
  out_replayed: boolean;
}

const APPEND_SQL = `SELECT * FROM ledger_append($1, $2, $3::uuid[], $4::text[], $5::integer[], $6::text[], $7::text[],
  $8::timestamptz[], $9::timestamptz[], $10::boolean[], $11::jsonb[], $12::jsonb[], $13::bytea[], $14::bytea[], $15::bytea[])`;

// Another writer stored the same ids at the same moment: calling again resolves to a replay or a mismatch.
const CALL_AGAIN = new Set(['LDG03', '23505']);
const MAX_ATTEMPTS = 3;

/** One round trip to `ledger_append` (see the migration), then the shared retry classification. */
export async function appendToPostgres(
  pool: Pool | ClientBase,
  streamId: string,
  events: PreparedEvent[],
  expected: ExpectedRevision,
): Promise<AppendResult> {
  const parameters = toParameters(streamId, events, expected);
  for (let attempt = 1; ; attempt++) {
    try {
      const { rows } = await pool.query<AppendRow>(APPEND_SQL, parameters);
      return toResult(streamId, events, rows);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'LDG01') throw new VersionConflictError(streamId, expected, Number((error as { detail?: string }).detail));
      if (code && CALL_AGAIN.has(code) && attempt < MAX_ATTEMPTS) continue;
      throw translateConnectionError(error);
    }
  }
}

function toParameters(streamId: string, events: PreparedEvent[], expected: ExpectedRevision): unknown[] {
  return [
    streamId,
    String(expected),
    events.map((e) => e.eventId),
    events.map((e) => e.type),
    events.map((e) => e.schemaVersion),
    events.map((e) => e.occurredAt),
    events.map((e) => e.occurredAtPrecision),
    events.map((e) => e.recordedAt.toISOString()),
    events.map((e) => (e.importedAt ? e.importedAt.toISOString() : null)),
    events.map((e) => e.recordedAtKnown),
    events.map((e) => e.metadataText),
    events.map((e) => e.dataText),
    events.map((e) => e.dataDigest),
    events.map((e) => e.envelopeDigest),
    events.map((e) => e.fingerprint),
  ];
}

function toResult(streamId: string, events: PreparedEvent[], rows: AppendRow[]): AppendResult {
  const byId = new Map(rows.map((row) => [row.out_event_id, row]));
  const replayed = rows.length > 0 && rows[0].out_replayed;
  if (replayed) {
    const identities = new Map<string, StoredIdentity>(
      rows.map((row) => [row.out_event_id, {
        eventId: row.out_event_id, streamId: row.out_stream_id, revision: Number(row.out_revision), fingerprint: row.out_fingerprint,
      }]),
    );
    classifyRetry(streamId, events, identities); // throws unless this is an exact retry
  }
  const appended = events.map((event) => {
    const row = byId.get(event.eventId)!;
    return { eventId: row.out_event_id, revision: Number(row.out_revision), position: Number(row.out_position), recordedAt: row.out_recorded_at, hash: row.out_hash.toString('hex') };
  });
  return { streamId, events: appended, lastRevision: appended[appended.length - 1].revision, replayed };
}

/** Connection-level failures become LEDGER.UNAVAILABLE so callers can answer 503; anything else is a bug. */
export function translateConnectionError(error: unknown): unknown {
  const code = (error as { code?: string }).code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  const connectionLost = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300', '08000', '08003', '08006']
    .includes(code) || /Connection terminated|timeout exceeded when trying to connect/i.test(message);
  return connectionLost ? new LedgerUnavailableError('The database is not available') : error;
}
