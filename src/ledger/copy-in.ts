import type { AppendResult, CopiedEvents, ExpectedRevision } from './event-store.port';
import { InvalidAppendError } from './ledger-errors';
import { prepareCopy, type PreparedEvent } from './prepare-append';

/** A copied run as every adapter appends it: at exactly the revision before its first event. */
export function preparedCopies(copies: readonly CopiedEvents[]): Array<{ streamId: string; events: PreparedEvent[]; expected: ExpectedRevision }> {
  return copies.map(({ streamId, events }) => {
    if (events.length === 0) throw new InvalidAppendError('A copy needs at least one event');
    events.forEach((event, index) => {
      if (event.streamId !== streamId || event.revision !== events[0].revision + index) {
        throw new InvalidAppendError('A copied run must be one stream\'s events at consecutive revisions', { eventId: event.eventId });
      }
    });
    const first = events[0].revision;
    return { streamId, events: events.map(prepareCopy), expected: first === 0 ? 'no_stream' : first - 1 };
  });
}

/**
 * The proof a copy is faithful: each event landed at its revision with its hash, so the target's
 * chain is the source's. Anything else means the target already held other events there.
 */
export function assertCopiedFaithfully(copies: readonly CopiedEvents[], results: readonly AppendResult[]): void {
  copies.forEach((copy, index) => copy.events.forEach((event, k) => {
    const landed = results[index].events[k];
    if (landed?.revision !== event.revision || landed.hash !== event.hash) {
      throw new InvalidAppendError(`The copy of ${copy.streamId} differs from the source at revision ${event.revision}`, { eventId: event.eventId });
    }
  }));
}
