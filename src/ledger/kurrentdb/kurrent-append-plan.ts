import { ANY, jsonEvent, NO_STREAM, type AppendStreamRequest, type JSONType, type ResolvedEvent } from '@kurrent/kurrentdb-client';
import type { ExpectedRevision } from '../event-store.port';
import { assertExpectedRevision } from '../expected-revision';
import { chainHash, GENESIS_HASH } from '../hash-chain/event-hashing';
import type { StoredIdentity } from '../idempotent-replay';
import { preparedContentFingerprint, type PreparedEvent } from '../prepare-append';
import { isSealingMark } from '../sealing-marks';
import { toKurrentEvent } from './kurrent-mapping';
import { eventIdMarkerStream, kurrentStreamOf, sealingMarkStream } from './kurrent-stream-names';

/** One stream's part of an append, checked and prepared (times set, digests computed). */
export interface PendingAppend {
  streamId: string;
  events: PreparedEvent[];
  expected: ExpectedRevision;
}

/** A stream's last event as read just before writing: the chain continues from it. */
export interface StreamHead {
  /** -1 when the stream has no events. */
  revision: number;
  hash: Buffer;
}

export const EMPTY_HEAD: StreamHead = { revision: -1, hash: GENESIS_HASH };

/** What one atomic KurrentDB write holds, and the revisions and hashes it gives each stream's events. */
export interface AppendPlan {
  requests: AppendStreamRequest[];
  chained: Array<{ streamId: string; revisions: number[]; hashes: string[] }>;
}

/**
 * Pure: turns appends and the heads they were read at into one atomic write. Each stream is written
 * at the exact revision its head was read at (whatever the caller expected), so that two writers can
 * never chain onto the same head; each event id gets its marker stream, expected not to exist; a
 * sealed event or a `SensitivityChanged` leaves a sealing mark. Throws a version conflict when the
 * caller's expectation does not hold against the head (the caller first checks it is not a retry).
 */
export function planAppend(appends: readonly PendingAppend[], heads: readonly StreamHead[]): AppendPlan {
  const plan: AppendPlan = { requests: [], chained: [] };
  appends.forEach((append, index) => {
    const head = heads[index];
    assertExpectedRevision(append.streamId, append.expected, head.revision);
    let previous = head.hash;
    const revisions: number[] = [];
    const hashes: string[] = [];
    const written = append.events.map((event, offset) => {
      const revision = head.revision + 1 + offset;
      previous = chainHash(previous, revision, event.envelopeDigest);
      revisions.push(revision);
      hashes.push(previous.toString('hex'));
      return toKurrentEvent(event, previous.toString('hex'));
    });
    plan.requests.push({ streamName: kurrentStreamOf(append.streamId), events: written, expectedState: head.revision < 0 ? NO_STREAM : BigInt(head.revision) });
    append.events.forEach((event, offset) => plan.requests.push({
      streamName: eventIdMarkerStream(event.eventId),
      events: [eventIdMarker({ eventId: event.eventId, streamId: append.streamId, revision: revisions[offset], fingerprint: preparedContentFingerprint(event) })],
      expectedState: NO_STREAM,
    }));
    if (append.events.some(isSealingMark)) {
      plan.requests.push({ streamName: sealingMarkStream(append.streamId), events: [jsonEvent({ type: 'LedgerSealingMark', data: { revisions } })], expectedState: ANY });
    }
    plan.chained.push({ streamId: append.streamId, revisions, hashes });
  });
  return plan;
}

const MARKER_TYPE = 'LedgerEventIdTaken';

/** The marker that an event id is taken: where the event is and what it held (for judging a retry). */
export function eventIdMarker(identity: StoredIdentity) {
  const data = { streamId: identity.streamId, revision: identity.revision, fingerprint: identity.fingerprint.toString('hex') };
  return jsonEvent({ type: MARKER_TYPE, data: data as JSONType });
}

export function fromEventIdMarker(eventId: string, resolved: ResolvedEvent): StoredIdentity {
  const stored = resolved.event;
  if (!stored || stored.type !== MARKER_TYPE) throw new Error(`The marker of event ${eventId} is not a ledger marker`);
  const data = stored.data as { streamId: string; revision: number; fingerprint: string };
  return { eventId, streamId: data.streamId, revision: data.revision, fingerprint: Buffer.from(data.fingerprint, 'hex') };
}
