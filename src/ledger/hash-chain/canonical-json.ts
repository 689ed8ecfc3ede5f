import { InvalidAppendError } from '../ledger-errors';

// U+0000 cannot be stored in PostgreSQL jsonb, and a lone surrogate is not valid Unicode: refuse both
// everywhere so that every adapter accepts exactly the same values. The cheap test runs first.
const MAYBE_UNSTORABLE = /[\u0000\uD800-\uDFFF]/;
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
  // Most values the ledger writes are already in canonical shape (keys in order, nothing to refuse):
  // then the engine's own JSON.stringify writes exactly the canonical text, several times faster.
  return isCanonicalShape(value, 0) ? JSON.stringify(value) : write(value, []);
}

/** True when JSON.stringify(value) is its canonical text: plain values, sorted keys, no undefined, nothing unstorable. */
function isCanonicalShape(value: unknown, depth: number): boolean {
  if (value === null || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'string') return !MAYBE_UNSTORABLE.test(value);
  if (typeof value !== 'object' || depth > 64) return false;
  if (Array.isArray(value)) return value.every((item) => item !== undefined && isCanonicalShape(item, depth + 1));
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== null && Object.getPrototypeOf(prototype) !== null) return false;
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    if (i > 0 && !(keys[i - 1] < keys[i])) return false;
    if (MAYBE_UNSTORABLE.test(keys[i])) return false;
    const member = (value as Record<string, unknown>)[keys[i]];
    if (member === undefined || !isCanonicalShape(member, depth + 1)) return false;
  }
  return true;
}

/**
 * The canonical text of an object twice in one walk: whole, and without some top-level members.
 * (The metadata is hashed whole, and fingerprinted for idempotency without what the transport chose.)
 */
export function canonicalJsonWithAndWithout(object: Record<string, unknown>, leftOut: readonly string[]): { whole: string; without: string } {
  const members = writeMembers(object, []);
  return {
    whole: `{${members.map(([, text]) => text).join(',')}}`,
    without: `{${members.filter(([key]) => !leftOut.includes(key)).map(([, text]) => text).join(',')}}`,
  };
}

/** `path` is built only when a value is refused: this runs for every stored event. */
function write(value: unknown, path: Array<string | number>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) refuse('Not a finite number', path);
      return JSON.stringify(value);
    case 'string':
      if (MAYBE_UNSTORABLE.test(value) && UNSTORABLE_TEXT.test(value)) refuse('Unstorable character', path);
      return JSON.stringify(value);
    case 'object':
      if (value instanceof CanonicalText) return value.text;
      return Array.isArray(value) ? writeArray(value, path) : writeObject(value as Record<string, unknown>, path);
    default:
      return refuse('Not a JSON value', path);
  }
}

function writeArray(items: unknown[], path: Array<string | number>): string {
  let text = '[';
  for (let index = 0; index < items.length; index++) {
    path.push(index);
    text += (index ? ',' : '') + write(items[index] === undefined ? null : items[index], path);
    path.pop();
  }
  return text + ']';
}

function writeObject(object: Record<string, unknown>, path: Array<string | number>): string {
  return `{${writeMembers(object, path).map(([, text]) => text).join(',')}}`;
}

/** Each defined member as `"key":value`, in sorted key order. */
function writeMembers(object: Record<string, unknown>, path: Array<string | number>): Array<[string, string]> {
  // A plain object's prototype is Object.prototype (of whichever realm made it) or null.
  const prototype = Object.getPrototypeOf(object);
  if (prototype !== null && Object.getPrototypeOf(prototype) !== null) refuse('Not a plain object', path);
  const members: Array<[string, string]> = [];
  for (const key of Object.keys(object).sort()) {
    if (object[key] === undefined) continue;
    path.push(key);
    members.push([key, write(key, path) + ':' + write(object[key], path)]);
    path.pop();
  }
  return members;
}

function refuse(reason: string, segments: Array<string | number>): never {
  const path = '$' + segments.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${segment}`)).join('');
  throw new InvalidAppendError(`${reason} at ${path}`, { path });
}
