import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** Stable codes for what Fastify's router refuses before any route runs. */
const CODES: Record<string, string> = {
  FST_ERR_BAD_URL: 'REQUEST.BAD_URL',
  FST_ERR_MAX_PARAM_LENGTH: 'REQUEST.URI_TOO_LONG',
};

/**
 * Fastify's router answers a URL it cannot decode (`%ZZ`) or a path segment past its limit itself,
 * before Nest sees the request. This makes those answers problem+json with a stable code like every
 * other error, and never echoes the URL back.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const title = status === 414 ? 'A part of the URL is too long' : 'The URL is not valid';
  void reply.status(status).header('Content-Type', 'application/problem+json')
    .send(JSON.stringify({ type: 'about:blank', status, title, code: CODES[error.code] ?? `HTTP.${status}`}));
}
