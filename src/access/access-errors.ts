import { CodedError } from '../common/errors/coded-error';

export class UnauthenticatedError extends CodedError {
  readonly code = 'AUTH.UNAUTHENTICATED';
  constructor() {
    super('An API key is required: Authorization: Bearer <key>');
  }
}

export class ForbiddenError extends CodedError {
  readonly code = 'AUTH.FORBIDDEN';
  constructor(reason = 'This key is not allowed to do this') {
    super(reason);
  }
}

export class AgencyAlreadyExistsError extends CodedError {
  readonly code = 'AGENCY.ALREADY_EXISTS';
  constructor(agencyId: string) {
    super('An agency with this id already exists', { agencyId });
  }
}

export class AgencyNotFoundError extends CodedError {
  readonly code = 'AGENCY.NOT_FOUND';
  constructor(agencyId: string) {
    super('No agency has this id', { agencyId });
  }
}

export class PrincipalNotFoundError extends CodedError {
  readonly code = 'PRINCIPAL.NOT_FOUND';
  constructor(principalId: string) {
    super('No reviewer, auditor or agency principal has this id', { principalId });
  }
}

export class KeyNotFoundError extends CodedError {
  readonly code = 'KEY.NOT_FOUND';
  constructor(keyId: string) {
    super('This principal has no key with this id', { keyId });
  }
}

/** A reviewer reading a child not assigned to it, or after its assignment expired. */
export class NotAssignedError extends CodedError {
  readonly code = 'AUTH.NOT_ASSIGNED';
  constructor() {
    super('This reviewer has no current review assignment for this child');
  }
}
