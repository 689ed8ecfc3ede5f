import type { ExpectedRevision } from './event-store.port';
import { InvalidAppendError, VersionConflictError } from './ledger-errors';

/** `current` is the stream's last revision, or -1 when it has no events. */
export function assertExpectedRevision(streamId: string, expected: ExpectedRevision, current: number): void {
  if (!expectationHolds(expected, current)) throw new VersionConflictError(streamId, expected, current);
}

function expectationHolds(expected: ExpectedRevision, current: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === -1;
    case 'stream_exists':
      return current >= 0;
    default:
      return current === expected;
  }
}

export function assertValidExpectedRevision(expected: ExpectedRevision): void {
  if (typeof expected === 'number' ? Number.isSafeInteger(expected) && expected >= 0 : ['any', 'no_stream', 'stream_exists'].includes(expected)) {
    return;
  }
  throw new InvalidAppendError('expectedRevision must be a non-negative integer, "any", "no_stream" or "stream_exists"');
}
