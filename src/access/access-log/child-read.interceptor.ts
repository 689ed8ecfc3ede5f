import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { concatMap, type Observable } from 'rxjs';
import { CLOCK, type Clock } from '../../common/clock';
import { NotAssignedError } from '../access-errors';
import type { Principal } from '../principal';
import { ReviewAssignments } from '../reviews/review-assignments';
import { AccessLog } from './access-log';

const CHILD_READ = 'childRead';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Marks an endpoint that reads a child's record (the child from the path's `childId`, or the
 * `childId` query parameter): a reviewer needs a current assignment for that child, and every read
 * that succeeds leaves one access-log entry, written before the answer leaves. `action` names what
 * was read in the log.
 */
export const ChildRead = (action: string) => SetMetadata(CHILD_READ, action);

/** For a read across children (an agency history, a list of findings): the children it returned, each logged. */
export function noteChildrenRead(request: object, childIds: Iterable<string>): void {
  (request as { childrenRead?: string[] }).childrenRead = [...new Set(childIds)];
}

@Injectable()
export class ChildReadInterceptor implements NestInterceptor {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ReviewAssignments) private readonly assignments: ReviewAssignments,
    @Inject(AccessLog) private readonly log: AccessLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const action = this.reflector.get<string | undefined>(CHILD_READ, context.getHandler());
    if (!action) return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal: Principal }>();
    const principal = request.principal;
    const params = request.params as Record<string, string | undefined>;
    const query = (request.query ?? {}) as Record<string, unknown>;
    const named = params.childId ?? (typeof query.childId === 'string' ? query.childId : undefined);
    const childId = named && UUID.test(named) ? named.toLowerCase() : null;
    // A malformed or missing child id is the handler's to refuse (400); a reviewer never reads past this without an assignment.
    if (principal.role === 'reviewer' && childId && !(await this.assignments.isAssigned(principal.id, childId, this.clock.now()))) throw new NotAssignedError();
    const purpose = typeof request.headers['x-purpose'] === 'string' ? request.headers['x-purpose'].trim().slice(0, 500) || null : null;
    return next.handle().pipe(concatMap(async (answer) => {
      const across = (request as { childrenRead?: string[] }).childrenRead;
      const childIds = across ? (across.length ? across : [null]) : [childId];
      await this.log.recordEach({ principal, childIds, action, purpose, detail: readDetail(query, request.headers.accept) });
      return answer;
    }));
  }
}

/** What kind of read it was, without anything that could be child data: an export's format, an as-of date. */
function readDetail(query: Record<string, unknown>, accept: string | undefined): Record<string, unknown> {
  const format = typeof query.format === 'string' ? query.format : accept?.includes('text/csv') ? 'csv' : accept?.includes('application/pdf') ? 'pdf' : undefined;
  return {
    ...(format === 'csv' || format === 'pdf' ? { export: format } : {}),
    ...(typeof query.asOf === 'string' && query.asOf.length <= 40 ? { asOf: query.asOf } : {}),
  };
}
