import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,100}$/;
const STORED = Symbol('correlationId');

/** Accepts the caller's X-Correlation-Id (or makes one), echoes it on every response, keeps it for the events written. */
export function correlationIdHook(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const offered = request.headers['x-correlation-id'];
  const id = typeof offered === 'string' && ACCEPTABLE.test(offered) ? offered : randomUUID();
  (request as unknown as Record<symbol, string>)[STORED] = id;
  void reply.header('X-Correlation-Id', id);
  done();
}

export function correlationIdOf(request: FastifyRequest): string {
  return (request as unknown as Record<symbol, string>)[STORED] ?? randomUUID();
}
