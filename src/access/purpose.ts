import type { FastifyRequest } from 'fastify';
import { ValidationFailedError } from '../common/validation/field-problems';
import type { Principal } from './principal';

/**
 * Reviewers and auditors say why they read a child's record (API.md): the X-Purpose header, 1 to 500
 * characters, or 400. The access log (a later issue) records it with every read.
 */
export function requirePurpose(request: FastifyRequest, principal: Principal): string | undefined {
  if (principal.role !== 'reviewer' && principal.role !== 'auditor') return undefined;
  const purpose = request.headers['x-purpose'];
  if (typeof purpose !== 'string' || purpose.trim().length === 0 || purpose.length > 500) {
    throw new ValidationFailedError([{ field: 'X-Purpose', reason: 'reviewers and auditors give the purpose of a read in the X-Purpose header' }]);
  }
  return purpose.trim();
}
