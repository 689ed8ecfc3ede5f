import {
  ANY, CancelledError, DeadlineExceededError, jsonEvent, NO_STREAM, NotLeaderError, STREAM_EXISTS, UnavailableError, WrongExpectedVersionError,
  type AppendStreamState, type EventData, type JSONType, type Position, type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import type { ExpectedRevision, RecordedEvent } from '../event-store.port';
import { LedgerUnavailableError, VersionConflictError } from '../ledger-errors';
import type { PreparedEvent } from '../prepare-append';
import { ledgerStreamOf } from './kurrent-stream-names';

/*
 * How the ledger's notions map onto the official client's, with nothing that needs a server (so all
 * of it is tested without one). Events keep the ledger's envelope (times, precision, schema version,
 * digests and the chain hash) in KurrentDB's event metadata beside the caller's metadata; the data is
 * the event's data. KurrentDB's atomic write to several streams takes metadata as string values
 * only, so each part is one JSON text: `ledger-envelope` and `ledger-metadata`. Global order is
 * `$all`'s position.
 */

/** The ledger's expected revision as the client's stream state (a revision is a bigint there). */
export function toStreamState(expected: ExpectedRevision): AppendStreamState {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  return BigInt(expected);
}

/** The client's errors as the ledger's typed errors; anything else is left as it is (a bug, answered 500). */
export function toLedgerError(error: unknown, streamId: string, expected: ExpectedRevision): unknown {
  if (error instanceof WrongExpectedVersionError) {
    const actual = error.actualState === NO_STREAM ? -1 : Number(error.actualState);
    return new VersionConflictError(streamId, expected, actual);
  }
  if (error instanceof UnavailableError || error instanceof NotLeaderError || error instanceof DeadlineExceededError || error instanceof CancelledError || isUnconvertedUnavailable(error)) {
    return new LedgerUnavailableError('The event store is not available');
  }
  return error;
}

/** gRPC statuses the client passes on unconverted from an atomic multi-stream write (seen with the server down). */
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;

function isUnconvertedUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && (code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED);
}

/** What the ledger keeps of an event in KurrentDB's metadata, beside the caller's own metadata. */
export interface LedgerEnvelope {
  schemaVersion: number;
  occurredAt: string;
  occurredAtPrecision: RecordedEvent['occurredAtPrecision'];
  recordedAt: string;
  importedAt: string | null;
  recordedAtKnown: boolean;
  dataDigest: string;
  hash: string;
}

/** An event to append at `hash` (the chain hash computed for its revision). */
export function toKurrentEvent(event: PreparedEvent, hash: string): EventData {
  const ledger: LedgerEnvelope = {
    schemaVersion: event.schemaVersion,
    occurredAt: event.occurredAt,
    occurredAtPrecision: event.occurredAtPrecision,
    recordedAt: event.recordedAt.toISOString(),
    importedAt: event.importedAt ? event.importedAt.toISOString() : null,
    recordedAtKnown: event.recordedAtKnown,
    dataDigest: event.dataDigest.toString('hex'),
    hash,
  };
  const metadata: StoredMetadata = { [ENVELOPE_KEY]: JSON.stringify(ledger), [METADATA_KEY]: event.metadataText };
  return jsonEvent({ id: event.eventId, type: event.type, data: event.data as JSONType, metadata: metadata as JSONType });
}

const ENVELOPE_KEY = 'ledger-envelope';
const METADATA_KEY = 'ledger-metadata';
type StoredMetadata = Record<typeof ENVELOPE_KEY | typeof METADATA_KEY, string>;

/** A stored event read back from a stream or `$all`, as the ledger's `RecordedEvent`. */
export function fromKurrentEvent(resolved: ResolvedEvent): RecordedEvent {
  const stored = resolved.event;
  if (!stored || !stored.isJson) throw new Error('Not a ledger event: the ledger writes JSON events only');
  const parts = (stored.metadata ?? {}) as Partial<StoredMetadata>;
  if (typeof parts[ENVELOPE_KEY] !== 'string' || typeof parts[METADATA_KEY] !== 'string') throw new Error(`Event ${stored.id} has no ledger envelope`);
  const ledger = JSON.parse(parts[ENVELOPE_KEY]) as LedgerEnvelope;
  const metadata = JSON.parse(parts[METADATA_KEY]) as RecordedEvent['metadata'];
  // Read from `$all` an event carries its position; from a stream, a server of 22.6 or later sends it too.
  const position = stored.position ?? (resolved.commitPosition !== undefined ? { commit: resolved.commitPosition, prepare: resolved.commitPosition } : undefined);
  return {
    streamId: ledgerStreamOf(stored.streamId),
    revision: Number(stored.revision),
    // The prepare position is the event's own place in the log: unique per event, and increasing in
    // `$all` order (events of one write share their commit position).
    position: position ? Number(position.prepare) : -1,
    checkpoint: position ? checkpointOf(position) : '',
    eventId: stored.id,
    type: stored.type,
    schemaVersion: ledger.schemaVersion,
    occurredAt: ledger.occurredAt,
    occurredAtPrecision: ledger.occurredAtPrecision,
    recordedAt: new Date(ledger.recordedAt),
    importedAt: ledger.importedAt ? new Date(ledger.importedAt) : null,
    recordedAtKnown: ledger.recordedAtKnown,
    metadata,
    data: stored.data as Record<string, unknown>,
    dataDigest: ledger.dataDigest,
    hash: ledger.hash,
  };
}

/** `$all` positions as the opaque checkpoints projections store: `commit:prepare`, decimal. */
export function checkpointOf(position: Position): string {
  return `${position.commit}:${position.prepare}`;
}

export function positionOf(checkpoint: string): Position {
  const match = /^(\d{1,20}):(\d{1,20})$/.exec(checkpoint);
  if (!match) throw new Error(`Not a KurrentDB checkpoint: ${checkpoint.slice(0, 50)}`);
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}
