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
