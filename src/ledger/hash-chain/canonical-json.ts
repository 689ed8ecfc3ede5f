import { InvalidAppendError } from '../ledger-errors';

// U+0000 cannot be stored in PostgreSQL jsonb, and a lone surrogate is not valid Unicode: refuse both
// everywhere so that every adapter accepts exactly the same values.
const UNSTORABLE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Canonical JSON text already written, to be embedded as is (so a value is canonicalised only once). */
export class CanonicalText {
  constructor(readonly text: string) {}
}

/**
 * The canonical JSON text of a value (docs/hash-chain.md): object keys sorted by UTF-16 code units,
 * no whitespace, strings and numbers exactly as `JSON.stringify` writes them (RFC 8785 for the
 * values the ledger stores). Members whose value is `undefined` are left out.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new InvalidAppendError(`Not a finite number at ${path}`, { path });
      return JSON.stringify(value);
    case 'string':
      if (UNSTORABLE_TEXT.test(value)) throw new InvalidAppendError(`Unstorable character at ${path}`, { path });
      return JSON.stringify(value);
    case 'object':
      if (value instanceof CanonicalText) return value.text;
      return Array.isArray(value) ? writeArray(value, path) : writeObject(value as Record<string, unknown>, path);
    default:
      throw new InvalidAppendError(`Not a JSON value at ${path}`, { path });
  }
}

function writeArray(items: unknown[], path: string): string {
  return `[${items.map((item, index) => write(item === undefined ? null : item, `${path}[${index}]`)).join(',')}]`;
}

function writeObject(object: Record<string, unknown>, path: string): string {
  // A plain object's prototype is Object.prototype (of whichever realm made it) or null.
  const prototype = Object.getPrototypeOf(object);
  if (prototype !== null && Object.getPrototypeOf(prototype) !== null) {
    throw new InvalidAppendError(`Not a plain object at ${path}`, { path });
  }
  const members = Object.keys(object)
    .filter((key) => object[key] !== undefined)
    .sort()
    .map((key) => `${write(key, path)}:${write(object[key], `${path}.${key}`)}`);
  return `{${members.join(',')}}`;
}
