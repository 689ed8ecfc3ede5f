import type { ClientBase, Pool } from 'pg';
import type { AppendResult, ExpectedRevision } from '../event-store.port';
import { classifyRetry, type StoredIdentity } from '../idempotent-replay';
import { translateConnectionError } from '../../database/connection-errors';
import { VersionConflictError } from '../ledger-errors';
import type { PreparedEvent } from '../prepare-append';
import { storedContentFingerprint } from '../hash-chain/event-hashing';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from './postgres-event-rows';

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
  out_revision: string | null;
  out_position: string | null;
  out_hash: string | null;
  /** Whether the append's stream holds a sealing mark once the call is done (LedgerAppendTellsSealingMarks). */
  out_sealing_marks: boolean;
}

const APPEND_SQL = `SELECT * FROM ledger_append_telling_marks($1::text[], $2::text[], $3::integer[], $4::uuid[], $5::text[], $6::integer[],
  $7::text[], $8::text[], $9::timestamptz[], $10::timestamptz[], $11::boolean[], $12::jsonb, $13::jsonb,
  $14::bytea, $15::bytea)`;

/**
 * Sends one or several appends in one call to `ledger_append` (see the migrations; called through
 * `ledger_append_telling_marks`, which adds whether each stream holds a sealing mark): one round
 * trip, one transaction. Each append gets its own outcome; a conflict in one does not fail the others.
 */
export async function appendGroupToPostgres(db: Pool | ClientBase, group: PendingAppend[]): Promise<AppendOutcome[]> {
  // Not a named statement: on the embedded database every connection shares one session, where a
  // statement name prepared by one connection collides with the next (measured: 500s on registration).
  const { rows } = await db.query<AppendRow>(APPEND_SQL, toParameters(group));
  const rowsByAppend = group.map((): AppendRow[] => []);
  for (const row of rows) rowsByAppend[row.out_append - 1].push(row);
  const replays = group.filter((_, index) => rowsByAppend[index][0].out_status === 'replayed');
  const stored = replays.length ? await readStoredIdentities(db, replays) : new Map<string, StoredEvent>();
  return group.map((append, index) => toOutcome(append, rowsByAppend[index], stored));
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

/** Appends that succeed or fail together: one transaction, rolled back if any of them fails. */
export async function appendAtomically(pool: Pool, group: PendingAppend[]): Promise<AppendResult[]> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect().catch((error: unknown) => Promise.reject(translateConnectionError(error)));
    try {
      await client.query('BEGIN');
      const outcomes = await appendGroupToPostgres(client, group);
      const failed = outcomes.find((outcome): outcome is { error: Error } => 'error' in outcome);
      if (failed) {
        await client.query('ROLLBACK');
        throw failed.error;
      }
      await client.query('COMMIT');
      return outcomes.map((outcome) => (outcome as { result: AppendResult }).result);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (isConcurrentDuplicate(error) && attempt < MAX_ATTEMPTS) continue;
      throw translateConnectionError(error);
    } finally {
      client.release();
    }
  }
}

/**
 * Another transaction inserted the same ids at the same moment (a unique violation, or a deadlock
 * when two transactions insert two shared ids in opposite orders): calling again settles it.
 */
export function isConcurrentDuplicate(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === '23505' || code === '40P01';
}

type StoredEvent = StoredIdentity & { position: number; recordedAt: Date; hash: string };

/** Stored events are immutable, so reading them after the call committed gives the original result. */
async function readStoredIdentities(db: Pool | ClientBase, replays: PendingAppend[]): Promise<Map<string, StoredEvent>> {
  const ids = replays.flatMap((append) => append.events.map((event) => event.eventId));
  const { rows } = await db.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM ledger_events e WHERE e.event_id = ANY ($1::uuid[])`, [ids]);
  return new Map(rows.map(toRecordedEvent).map((event) => [event.eventId, { ...event, fingerprint: storedContentFingerprint(event) }]));
}

function toOutcome(append: PendingAppend, rows: AppendRow[], stored: Map<string, StoredEvent>): AppendOutcome {
  const status = rows[0].out_status;
  if (status === 'conflict') {
    return { error: new VersionConflictError(append.streamId, append.expected, Number(rows[0].out_revision)) };
  }
  if (status === 'replayed') {
    try {
      classifyRetry(append.streamId, append.events, stored); // throws unless this is an exact retry
    } catch (error) {
      return { error: error as Error };
    }
    const events = append.events.map((event) => {
      const { eventId, revision, position, recordedAt, hash } = stored.get(event.eventId)!;
      return { eventId, revision, position, recordedAt, hash };
    });
    return { result: { streamId: append.streamId, events, lastRevision: events[events.length - 1].revision, replayed: true, streamHasSealingMarks: rows[0].out_sealing_marks } };
  }
  // New events come back one row each, in the append's order.
  const events = append.events.map((event, index) => ({
    eventId: event.eventId,
    revision: Number(rows[index].out_revision),
    position: Number(rows[index].out_position),
    recordedAt: event.recordedAt,
    hash: rows[index].out_hash!,
  }));
  return { result: { streamId: append.streamId, events, lastRevision: events[events.length - 1].revision, replayed: false, streamHasSealingMarks: rows[0].out_sealing_marks } };
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
  ];
}

