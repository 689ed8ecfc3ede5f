import { CodedError } from '../../common/errors/coded-error';
import type { VersionConflictError } from '../../ledger/ledger-errors';

/** The revision in If-Match is not the stream's: 412, with the actual revision. */
export class PreconditionFailedError extends CodedError {
  readonly code = 'LEDGER.PRECONDITION_FAILED';
  constructor(conflict: VersionConflictError) {
    super('If-Match does not match the current revision', { expectedRevision: conflict.expected, actualRevision: conflict.actual });
  }
}
