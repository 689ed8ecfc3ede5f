import type { ClientBase, Pool } from 'pg';
import type { AppendResult, ExpectedRevision } from '../event-store.port';
import { classifyRetry, type StoredIdentity } from '../idempotent-replay';
import { LedgerUnavailableError, VersionConflictError } from '../ledger-errors';
import type { PreparedEvent } from '../prepare-append';

/** One append as the caller asked for it: its events go to one stream, atomically. */
export interface PendingAppend {
  streamId: string;
  events: PreparedEvent[];
  expected: ExpectedRevision;
}

/** What became of one append of a group: its result or its error. */
export type AppendOutcome = { result: AppendResult } | { error: Error };

interface AppendRow {
  out_append: number;
  out_status: 'appended' | 'replayed' | 'conflict';
  out_event_id: string | null;
  out_stream_id: string;
  out_revision: string;
  out_position: string | null;
  out_hash: Buffer | null;
  out_fingerprint: Buffer | null;
  /** Only on replayed rows: a new event's recording time is the one this process set. */
  out_recorded_at: Date | null;
}

const APPEND_SQL = `SELECT * FROM ledger_append($1::text[], $2::text[], $3::integer[], $4::uuid[], $5::text[], $6::integer[],
  $7::text[], $8::text[], $9::timestamptz[], $10::timestamptz[], $11::boolean[], $12::jsonb, $13::jsonb,
  $14::bytea, $15::bytea, $16::bytea)`;

/**
 * Sends one or several appends in one call to `ledger_append` (see the migration): one round trip,
 * one transaction. Each append gets its own outcome; a conflict in one does not fail the others.
 */
export async function appendGroupToPostgres(db: Pool | ClientBase, group: PendingAppend[]): Promise<AppendOutcome[]> {
  const { rows } = await db.query<AppendRow>(APPEND_SQL, toParameters(group));
  const rowsByAppend = group.map((): AppendRow[] => []);
  for (const row of rows) rowsByAppend[row.out_append - 1].push(row);
  return group.map((append, index) => toOutcome(append, rowsByAppend[index]));
}

/**
 * A single append. When another transaction stored one of these ids in another stream at the same
 * moment, the unique index refuses the insert; calling again turns that into a replay or a mismatch.
 */
export async function appendToPostgres(db: Pool | ClientBase, streamId: string, events: PreparedEvent[], expected: ExpectedRevision): Promise<AppendResult> {
  for (let attempt = 1; ; attempt++) {
    let outcome: AppendOutcome;
    try {
      [outcome] = await appendGroupToPostgres(db, [{ streamId, events, expected }]);
    } catch (error) {
      if (isConcurrentDuplicate(error) && attempt < MAX_ATTEMPTS) continue;
      throw translateConnectionError(error);
    }
    if ('error' in outcome) throw outcome.error;
    return outcome.result;
  }
}

const MAX_ATTEMPTS = 3;

/**
 * Another transaction inserted the same ids at the same moment (a unique violation, or a deadlock
 * when two transactions insert two shared ids in opposite orders): calling again settles it.
 */
export function isConcurrentDuplicate(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === '23505' || code === '40P01';
}

function toOutcome(append: PendingAppend, rows: AppendRow[]): AppendOutcome {
  const status = rows[0]?.out_status;
  if (status === 'conflict') {
    return { error: new VersionConflictError(append.streamId, append.expected, Number(rows[0].out_revision)) };
  }
  if (status === 'replayed') {
    const identities = new Map<string, StoredIdentity>(rows.map((row) => [row.out_event_id!, {
      eventId: row.out_event_id!, streamId: row.out_stream_id, revision: Number(row.out_revision), fingerprint: row.out_fingerprint!,
    }]));
    try {
      classifyRetry(append.streamId, append.events, identities); // throws unless this is an exact retry
    } catch (error) {
      return { error: error as Error };
    }
  }
  const byId = new Map(rows.map((row) => [row.out_event_id, row]));
  const events = append.events.map((event) => {
    const row = byId.get(event.eventId)!;
    return { eventId: event.eventId, revision: Number(row.out_revision), position: Number(row.out_position), recordedAt: row.out_recorded_at ?? event.recordedAt, hash: row.out_hash!.toString('hex') };
  });
  return { result: { streamId: append.streamId, events, lastRevision: events[events.length - 1].revision, replayed: status === 'replayed' } };
}

function toParameters(group: PendingAppend[]): unknown[] {
  const events = group.flatMap((append) => append.events);
  return [
    group.map((append) => append.streamId),
    group.map((append) => String(append.expected)),
    group.map((append) => append.events.length),
    events.map((e) => e.eventId),
    events.map((e) => e.type),
    events.map((e) => e.schemaVersion),
    events.map((e) => e.occurredAt),
    events.map((e) => e.occurredAtPrecision),
    events.map((e) => e.recordedAt.toISOString()),
    events.map((e) => (e.importedAt ? e.importedAt.toISOString() : null)),
    events.map((e) => e.recordedAtKnown),
    `[${events.map((e) => e.metadataText).join(',')}]`,
    `[${events.map((e) => e.dataText).join(',')}]`,
    Buffer.concat(events.map((e) => e.dataDigest)),
    Buffer.concat(events.map((e) => e.envelopeDigest)),
    Buffer.concat(events.map((e) => e.fingerprint)),
  ];
}

/** Connection-level failures become LEDGER.UNAVAILABLE so callers can answer 503; anything else is a bug. */
export function translateConnectionError(error: unknown): unknown {
  const code = (error as { code?: string }).code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  const connectionLost = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300', '08000', '08003', '08006']
    .includes(code) || /Connection terminated|timeout exceeded when trying to connect/i.test(message);
  return connectionLost ? new LedgerUnavailableError('The database is not available') : error;
}
