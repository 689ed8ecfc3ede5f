import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
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
  'AUTH.UNAUTHENTICATED': HttpStatus.UNAUTHORIZED,
  'AUTH.FORBIDDEN': HttpStatus.FORBIDDEN,
  'AGENCY.ALREADY_EXISTS': HttpStatus.CONFLICT,
  'CHILD.NOT_FOUND': HttpStatus.NOT_FOUND,
  'CHILD.ALREADY_REGISTERED': HttpStatus.CONFLICT,
  'CHILD.REFERENCE_NOT_IN_STREAM': HttpStatus.BAD_REQUEST,
};

// Fastify's own refusals, before a request reaches a handler.
const FRAMEWORK_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'REQUEST.TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'REQUEST.MALFORMED',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'REQUEST.MALFORMED',
  FST_ERR_CTP_INVALID_JSON_BODY: 'REQUEST.MALFORMED',
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
 * before a handler runs (Nest routes those here too). Unexpected errors are logged by Unexpected errors are logged by name only (never a message that might quote child data) and answer
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

function toProblem(error: unknown): Problem {
  if (error instanceof CodedError) {
    const status = STATUS_BY_CODE[error.code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
    return { type: 'about:blank', status, title: error.message, code: error.code, ...error.details };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return { type: 'about:blank', status, title: error.message, code: `HTTP.${status}` };
  }
  const framework = error as { code?: string; statusCode?: number };
  if (framework.code && FRAMEWORK_CODES[framework.code] && framework.statusCode) {
    return { type: 'about:blank', status: framework.statusCode, title: titleFor(framework.statusCode), code: FRAMEWORK_CODES[framework.code] };
  }
  if (typeof framework.statusCode === 'number' && framework.statusCode >= 400 && framework.statusCode < 500) {
    return { type: 'about:blank', status: framework.statusCode, title: titleFor(framework.statusCode), code: `HTTP.${framework.statusCode}` };
  }
  logger.error(`Unhandled ${error instanceof Error ? error.name : typeof error}`);
  return { type: 'about:blank', status: 500, title: 'Internal error', code: 'INTERNAL' };
}

function titleFor(status: number): string {
  return { 400: 'The request is malformed', 413: 'The request body is larger than 256 KB', 415: 'Send the body as application/json' }[status] ?? 'The request was refused';
}
