import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { CodedError } from '../errors/coded-error';
import { ValidationFailedError } from '../validation/field-problems';

/** Deeper JSON than this is refused before anything walks it (recursive validators would overflow). */
export const MAX_JSON_DEPTH = 32;

export class MalformedBodyError extends CodedError {
  readonly code = 'REQUEST.MALFORMED';
}

/**
 * The only body parser: JSON, at most `bodyLimit` bytes, no `__proto__` or `constructor.prototype`
 * keys, nested at most 32 deep. Everything it refuses is a 400 problem, never a 500 later.
 */
export function registerJsonBodyParser(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (_request, body, done) => {
    let value: unknown;
    try {
      value = secureJson.parse(body as string, undefined, { protoAction: 'error', constructorAction: 'error' });
    } catch {
      done(new MalformedBodyError('The body is not valid JSON'), undefined);
      return;
    }
    if (deeperThan(value, MAX_JSON_DEPTH)) {
      done(new MalformedBodyError(`The body is nested more than ${MAX_JSON_DEPTH} levels deep`), undefined);
      return;
    }
    done(null, value);
  });
  // Imports (POST /v1/imports): newline-delimited JSON, read as text and checked line by line there.
  fastify.addContentTypeParser('application/x-ndjson', { parseAs: 'string', bodyLimit: MAX_IMPORT_BYTES }, (_request, body, done) => done(null, body));
}

/** An import over HTTP is at most this large; bigger files go through the CLI. */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

export function deeperThan(root: unknown, limit: number): boolean {
  const pending: Array<[unknown, number]> = [[root, 1]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(value)) pending.push([child, depth + 1]);
  }
  return false;
}

/** A body declared as a DTO must be a JSON object: null, a list or a bare value is a 400, not a crash. */
@Injectable()
export class ObjectBodyPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const declaresDto = metadata.type === 'body' && metadata.metatype !== undefined && metadata.metatype !== Object;
    if (declaresDto && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw new ValidationFailedError([{ field: 'body', reason: 'the body must be a JSON object' }]);
    }
    return value;
  }
}
