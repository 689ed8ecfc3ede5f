import { CodedError } from '../../common/errors/coded-error';

/** No ChildRegistered in the stream: register the child first (POST /v1/children). */
export class ChildNotRegisteredError extends CodedError {
  readonly code = 'CHILD.NOT_FOUND';
  constructor(childId: string) {
    super('No child is registered with this id', { childId });
  }
}

/** A correction or sensitivity change must point at an event of the same child. */
export class ReferenceNotInStreamError extends CodedError {
  readonly code = 'CHILD.REFERENCE_NOT_IN_STREAM';
  constructor(eventId: string, field: string) {
    super(`${field} does not name an event of this child`, { eventId, field });
  }
}
