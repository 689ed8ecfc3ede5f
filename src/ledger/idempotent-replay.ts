import { preparedContentFingerprint, type PreparedEvent } from './prepare-append';
import { IdempotencyMismatchError, IdempotencyPartialOverlapError } from './ledger-errors';

/** What the store already holds for an event id, as far as idempotency is concerned. */
export interface StoredIdentity {
  eventId: string;
  streamId: string;
  revision: number;
  fingerprint: Buffer;
}

/**
 * Decides whether an append is new, an exact retry, or an error. An exact retry is every id already
 * stored, in this stream, with the same content, at consecutive revisions in the same order.
 * Returns `undefined` for a new append, the stored identities (in append order) for a retry.
 */
export function classifyRetry(
  streamId: string,
  events: readonly PreparedEvent[],
  stored: ReadonlyMap<string, StoredIdentity>,
): StoredIdentity[] | undefined {
  const found = events.map((event) => stored.get(event.eventId));
  const storedIds = events.filter((_, i) => found[i]).map((event) => event.eventId);
  if (storedIds.length === 0) return undefined;
  if (storedIds.length < events.length) {
    throw new IdempotencyPartialOverlapError(storedIds, events.filter((_, i) => !found[i]).map((event) => event.eventId));
  }
  const matches = found as StoredIdentity[];
  matches.forEach((match, i) => {
    if (match.streamId !== streamId) throw new IdempotencyMismatchError(match.eventId, 'other-stream');
    if (!match.fingerprint.equals(preparedContentFingerprint(events[i]))) throw new IdempotencyMismatchError(match.eventId, 'content-differs');
    if (match.revision !== matches[0].revision + i) throw new IdempotencyMismatchError(match.eventId, 'order-differs');
  });
  return matches;
}
