import type { ValidationError } from 'class-validator';
import { CodedError } from '../errors/coded-error';

/** One thing wrong with a request, named by its dotted path (`data.participants.1.role`). */
export interface FieldProblem {
  field: string;
  reason: string;
}

/** class-validator's nested errors as a flat list of named problems. */
export function problemsFrom(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({
      field,
      reason: error.constraints?.whitelistValidation ? `${field} is not a known field` : reason,
    }));
    return [...own, ...problemsFrom(error.children ?? [], field)];
  });
}

/** A request body that failed validation: 400 with an `errors` array naming each field. */
export class ValidationFailedError extends CodedError {
  readonly code = 'REQUEST.INVALID';
  constructor(readonly problems: FieldProblem[]) {
    super('The request is not valid', { errors: problems });
  }
}
