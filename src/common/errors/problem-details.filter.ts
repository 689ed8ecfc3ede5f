import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { translateConnectionError } from '../../database/connection-errors';
import { CodedError } from './coded-error';

/** Stable error code → HTTP status. A code missing here is a bug and answers 500. */
const STATUS_BY_CODE: Record<string, number> = {
  'LEDGER.VERSION_CONFLICT': HttpStatus.CONFLICT,
  'LEDGER.IDEMPOTENCY_MISMATCH': HttpStatus.CONFLICT,
  'LEDGER.IDEMPOTENCY_PARTIAL_OVERLAP': HttpStatus.CONFLICT,
  'LEDGER.INVALID_APPEND': HttpStatus.BAD_REQUEST,
  'LEDGER.UNAVAILABLE': HttpStatus.SERVICE_UNAVAILABLE,
  'LEDGER.PRECONDITION_FAILED': HttpStatus.PRECONDITION_FAILED,
  'REQUEST.INVALID': HttpStatus.BAD_REQUEST,
  'REQUEST.MALFORMED': HttpStatus.BAD_REQUEST,
  'AUTH.UNAUTHENTICATED': HttpStatus.UNAUTHORIZED,
  'AUTH.FORBIDDEN': HttpStatus.FORBIDDEN,
  'AUTH.NOT_ASSIGNED': HttpStatus.FORBIDDEN,
  'AUTH.TOO_MANY_FAILURES': HttpStatus.TOO_MANY_REQUESTS,
  'REQUEST.RATE_LIMITED': HttpStatus.TOO_MANY_REQUESTS,
  'PRINCIPAL.NOT_FOUND': HttpStatus.NOT_FOUND,
  'KEY.NOT_FOUND': HttpStatus.NOT_FOUND,
  'AGENCY.ALREADY_EXISTS': HttpStatus.CONFLICT,
  'AGENCY.NOT_FOUND': HttpStatus.NOT_FOUND,
  'CHILD.NOT_FOUND': HttpStatus.NOT_FOUND,
  'CHILD.ALREADY_REGISTERED': HttpStatus.CONFLICT,
  'CHILD.REFERENCE_NOT_IN_STREAM': HttpStatus.BAD_REQUEST,
  'CHILD.NOT_THE_RECORDING_AGENCY': HttpStatus.FORBIDDEN,
};

// Fastify's own refusals (body too large, wrong media type) arrive as HTTP exceptions.
const CODE_BY_STATUS: Record<number, string> = {
  413: 'REQUEST.TOO_LARGE',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  429: 'REQUEST.RATE_LIMITED',
};

interface Problem {
  type: string;
  status: number;
  title: string;
  code: string;
  [detail: string]: unknown;
}

const logger = new Logger('Errors');

/**
 * Every error leaves as RFC 9457 problem+json with a stable `code`, including Fastify's own refusals
 * before a handler runs (Nest routes those here too). Unexpected errors are logged by name only (never a message that might quote child data) and answer
 * a bare 500.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), toProblem(error));
  }
}

function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem): void {
  if (problem.status === HttpStatus.UNAUTHORIZED) void reply.header('WWW-Authenticate', 'Bearer');
  void reply.status(problem.status).header('Content-Type', 'application/problem+json').send(JSON.stringify({ ...problem, instance: request.url.split('?')[0] }));
}

function toProblem(thrown: unknown): Problem {
  // A database that went away under a read-model query is a 503 like any other, not a bug.
  const error = translateConnectionError(thrown);
  if (error instanceof CodedError) {
    const status = STATUS_BY_CODE[error.code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
    return { type: 'about:blank', status, title: error.message, code: error.code, ...error.details };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return { type: 'about:blank', status, title: titleFor(status, error.message), code: CODE_BY_STATUS[status] ?? `HTTP.${status}` };
  }
  const framework = error as { statusCode?: number };
  if (typeof framework.statusCode === 'number' && framework.statusCode >= 400 && framework.statusCode < 500) {
    const status = framework.statusCode;
    return { type: 'about:blank', status, title: titleFor(status, 'The request was refused'), code: CODE_BY_STATUS[status] ?? `HTTP.${status}` };
  }
  logger.error(`Unhandled ${error instanceof Error ? error.name : typeof error}`);
  return { type: 'about:blank', status: 500, title: 'Internal error', code: 'INTERNAL' };
}

function titleFor(status: number, fallback: string): string {
  return { 413: 'The request body is larger than 256 KB', 415: 'Send the body as application/json' }[status] ?? fallback;
}
