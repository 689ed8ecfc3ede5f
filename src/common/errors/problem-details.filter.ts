import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CodedError } from './coded-error';

/** Stable error code → HTTP status. A code missing here is a bug and answers 500. */
const STATUS_BY_CODE: Record<string, number> = {
  'LEDGER.VERSION_CONFLICT': HttpStatus.CONFLICT,
  'LEDGER.IDEMPOTENCY_MISMATCH': HttpStatus.CONFLICT,
  'LEDGER.IDEMPOTENCY_PARTIAL_OVERLAP': HttpStatus.CONFLICT,
  'LEDGER.INVALID_APPEND': HttpStatus.BAD_REQUEST,
  'LEDGER.UNAVAILABLE': HttpStatus.SERVICE_UNAVAILABLE,
  'REQUEST.INVALID': HttpStatus.BAD_REQUEST,
  'AUTH.UNAUTHENTICATED': HttpStatus.UNAUTHORIZED,
  'AUTH.FORBIDDEN': HttpStatus.FORBIDDEN,
  'AGENCY.ALREADY_EXISTS': HttpStatus.CONFLICT,
  'CHILD.NOT_FOUND': HttpStatus.NOT_FOUND,
  'CHILD.REFERENCE_NOT_IN_STREAM': HttpStatus.BAD_REQUEST,
  'CHILD.ALREADY_REGISTERED': HttpStatus.CONFLICT,
  'LEDGER.PRECONDITION_FAILED': HttpStatus.PRECONDITION_FAILED,
};

/**
 * Every error leaves as RFC 9457 problem+json with a stable `code`. Unexpected errors are logged by
 * name and code only (never a message that might quote child data) and answer a bare 500.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = this.toProblem(error);
    if (problem.status === HttpStatus.UNAUTHORIZED) response.setHeader('WWW-Authenticate', 'Bearer');
    response.status(problem.status).type('application/problem+json').json({ ...problem, instance: request.path });
  }

  private toProblem(error: unknown): { status: number; title: string; code: string; [key: string]: unknown } {
    if (error instanceof CodedError) {
      const status = STATUS_BY_CODE[error.code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
      return { type: 'about:blank', status, title: error.message, code: error.code, ...error.details };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      return { type: 'about:blank', status, title: error.message, code: `HTTP.${status}` };
    }
    this.logger.error(`Unhandled ${error instanceof Error ? error.name : typeof error}`);
    return { type: 'about:blank', status: 500, title: 'Internal error', code: 'INTERNAL' };
  }
}
