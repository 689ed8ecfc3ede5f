import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const HEADER = 'x-correlation-id';
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,100}$/;
const STORED = Symbol('correlationId');

/** Accepts the caller's X-Correlation-Id (or makes one), echoes it on every response, keeps it for the events written. */
export function correlationIdMiddleware(request: Request, response: Response, next: NextFunction): void {
  const offered = request.headers[HEADER];
  const id = typeof offered === 'string' && ACCEPTABLE.test(offered) ? offered : randomUUID();
  (request as unknown as Record<symbol, string>)[STORED] = id;
  response.setHeader('X-Correlation-Id', id);
  next();
}

export function correlationIdOf(request: Request): string {
  return (request as unknown as Record<symbol, string>)[STORED] ?? randomUUID();
}
