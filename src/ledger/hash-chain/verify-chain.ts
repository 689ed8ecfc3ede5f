import type { RecordedEvent, StreamVerification } from '../event-store.port';
import { chainHash, dataDigest, envelopeDigest, GENESIS_HASH } from './event-hashing';

/** What a stream's own bookkeeping says its last event is, to catch events removed from the end. */
export interface StreamHead {
  revision: number;
  hash: string | null;
}

/**
 * Walks one stream's events in revision order and recomputes every hash. Pure, so every adapter
 * and the CLI judge a stream the same way. Stops at the first revision that does not verify.
 */
export function verifyChain(streamId: string, events: readonly RecordedEvent[], head?: StreamHead): StreamVerification {
  let previous: Buffer = GENESIS_HASH;
  const redactedRevisions: number[] = [];
  const broken = (revision: number, reason: string): StreamVerification => ({
    streamId, valid: false, events: events.length, headHash: null, firstBrokenRevision: revision, reason, redactedRevisions,
  });
  for (const [index, event] of events.entries()) {
    if (event.revision !== index) return broken(index, 'revision missing or out of order');
    if (event.streamId !== streamId) return broken(index, 'event belongs to another stream');
    if (event.data === null) {
      redactedRevisions.push(index);
    } else if (!dataDigest(event.data).equals(Buffer.from(event.dataDigest, 'hex'))) {
      return broken(index, 'payload does not match its digest');
    }
    const expected = chainHash(previous, index, envelopeDigest({ ...event, dataDigest: Buffer.from(event.dataDigest, 'hex') }));
    if (expected.toString('hex') !== event.hash) return broken(index, 'envelope or chain does not match its hash');
    previous = expected;
  }
  const headHash = events.length ? events[events.length - 1].hash : null;
  if (head && (head.revision !== events.length - 1 || head.hash !== headHash)) {
    return broken(Math.min(events.length, head.revision + 1), 'stream head does not match its last event');
  }
  return { streamId, valid: true, events: events.length, headHash, redactedRevisions };
}
