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

/** The NHS number or local id is already registered: 409 with the existing child's id. */
export class ChildAlreadyRegisteredError extends CodedError {
  readonly code = 'CHILD.ALREADY_REGISTERED';
  constructor(existingChildId: string) {
    super('A child with this identifier is already registered', { childId: existingChildId });
  }
}

export class RegistrationDateMissingError extends CodedError {
  readonly code = 'REQUEST.INVALID';
  constructor() {
    super('The request is not valid', { errors: [{ field: 'dateOfBirth', reason: 'give a dateOfBirth, or an expectedDeliveryDate for an unborn child (not both)' }] });
  }
}

/** Only the agency that recorded an event may correct it or change its sensitivity. */
export class NotTheRecordingAgencyError extends CodedError {
  readonly code = 'CHILD.NOT_THE_RECORDING_AGENCY';
  constructor(eventId: string, field: string) {
    super(`${field} names an event another agency recorded; only that agency may correct it or change its sensitivity`, { eventId, field });
  }
}
