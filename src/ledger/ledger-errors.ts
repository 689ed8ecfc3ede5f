import { CodedError } from '../common/errors/coded-error';
import type { ExpectedRevision } from './event-store.port';

/** The stream was not at the revision the writer expected. */
export class VersionConflictError extends CodedError {
  readonly code = 'LEDGER.VERSION_CONFLICT';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** Current revision, or -1 when the stream has no events. */
    readonly actual: number,
  ) {
    super(`Stream ${streamId} expected revision ${String(expected)} but is at ${actual}`, {
      streamId,
      expectedRevision: expected,
      actualRevision: actual,
    });
  }
}

export type IdempotencyMismatchReason = 'content-differs' | 'other-stream' | 'order-differs';

/** An event id is already stored, but with other content, in another stream, or in another order. */
export class IdempotencyMismatchError extends CodedError {
  readonly code = 'LEDGER.IDEMPOTENCY_MISMATCH';
  constructor(
    readonly eventId: string,
    readonly reason: IdempotencyMismatchReason,
  ) {
    super(`Event ${eventId} is already stored and differs from this one (${reason})`, { eventId, reason });
  }
}

/** Some, but not all, of a batch's event ids are already stored: neither a retry nor a new append. */
export class IdempotencyPartialOverlapError extends CodedError {
  readonly code = 'LEDGER.IDEMPOTENCY_PARTIAL_OVERLAP';
  constructor(
    readonly storedEventIds: string[],
    readonly newEventIds: string[],
  ) {
    super(`${storedEventIds.length} of ${storedEventIds.length + newEventIds.length} events are already stored`, {
      storedEventIds,
    });
  }
}

/** The append itself is malformed (empty, duplicate ids, unserialisable data). */
export class InvalidAppendError extends CodedError {
  readonly code = 'LEDGER.INVALID_APPEND';
}

/** The database is not reachable or refused to work; the caller may retry. */
export class LedgerUnavailableError extends CodedError {
  readonly code = 'LEDGER.UNAVAILABLE';
}
