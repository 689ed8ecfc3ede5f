import { randomUUID } from 'node:crypto';

/*
 * Generates requests that are wrong in one way each, for every endpoint of the OpenAPI document:
 * bad authentication, malformed or oversize bodies, the wrong content type, wrong types for each
 * field, hostile strings (injection, unicode edge cases) wherever a field's format makes them
 * invalid, and garbage in every path, query and header parameter. Each is a plain description the
 * suite sends with supertest.
 */
export interface BadRequest {
  name: string;
  method: 'get' | 'post' | 'delete';
  path: string;
  headers: Record<string, string>;
  /** A raw body (sent as is) or a value (sent as JSON). */
  body?: string | Buffer | unknown;
  raw?: boolean;
}

/** An operation the suite can call with valid input, then spoil one part at a time. */
export interface Operation {
  method: 'get' | 'post' | 'delete';
  /** With `{param}` placeholders. */
  template: string;
  /** Valid values of the path parameters. */
  params: Record<string, string>;
  /** The key of a principal allowed to call it; undefined for public endpoints. */
  key?: string;
  /** A valid body (JSON) or NDJSON text. */
  body?: Record<string, unknown> | string;
  contentType?: string;
  /** Schema of the body's top-level fields, from the OpenAPI document. */
  fields?: Record<string, FieldSchema>;
  /** Query parameters it takes. */
  query?: string[];
  /** Values a parameter legitimately takes: garbage matching these is a valid query (an unknown agency: no rows), not bad input. */
  wellFormed?: Record<string, RegExp>;
  /** Nested objects whose fields are spoilt too (e.g. an event's `data`). */
  nested?: Record<string, Record<string, unknown>>;
}

export interface FieldSchema {
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  maxLength?: number;
  items?: unknown;
  $ref?: string;
}

export const HOSTILE_STRINGS = [
  "' OR '1'='1' --", "'; DROP TABLE ledger_events; --", '<script>alert(1)</script>', '${jndi:ldap://example.invalid/a}',
  '{{7*7}}', '../../../../etc/passwd', '%00', '\u0000', 'nul\u0000byte', '\ud800', '\udfff\ud800', '\u202eevil', '🧒🏽‍👩‍👧',
  'a\u0301\u0301\u0301', '\ufeff', ' ', '', 'null', 'NaN', '-1', '1e309', '0x7fffffff', '__proto__', 'constructor',
];

const WRONG_TYPES: Record<string, unknown[]> = {
  string: [12345, true, {}, [], 1.5],
  number: ['12', 'abc', {}, [], true],
  integer: ['12', 1.5, {}, [], true],
  boolean: ['true', 1, {}, [], 'yes'],
  array: ['x', {}, 5, true],
  object: ['x', [], 5, true],
};

const MALFORMED_JSON = ['{', '{"a":', '[1,2', '{"a":1}}', "{'a':1}", '{"a":undefined}', '\ufeff{"a":1', '{"__proto__":{"admin":true},"x":', `${'['.repeat(2000)}${']'.repeat(2000)}`, 'NaN'];
const NOT_OBJECTS = [[], 42, 'text', null, true];
const BAD_AUTH: Array<Record<string, string>> = [
  {}, { Authorization: 'Bearer' }, { Authorization: 'Bearer wrong-key' }, { Authorization: 'Basic dXNlcjpwYXNz' },
  { Authorization: `Bearer ${'k'.repeat(10_000)}` }, { Authorization: 'Bearer \u00e9\u00e9\u00e9' }, { Authorization: 'bearer  ' },
];
const PATH_GARBAGE = ['not-a-uuid', "' OR 1=1 --", '%00', '..%2F..%2Fetc%2Fpasswd', '%E2%80%AEevil', 'x'.repeat(300), '%F0%9F%A7%92', '00000000-0000-0000-0000-00000000000g', '%ZZ'];
const QUERY_GARBAGE = ['-1', 'abc', '1e309', '99999999999999999999', "' OR 1=1 --", '%00', '2026-13-45', '<script>', '%E2%80%AE'];

export function badRequests(operations: readonly Operation[]): BadRequest[] {
  return operations.flatMap((operation) => [
    ...badAuthentication(operation),
    ...badBodies(operation),
    ...badFields(operation),
    ...badPathParameters(operation),
    ...badQueryParameters(operation),
  ]);
}

function pathOf(operation: Operation, params = operation.params): string {
  return operation.template.replace(/\{(\w+)\}/g, (_, name: string) => params[name]);
}

function authorised(operation: Operation): Record<string, string> {
  return operation.key ? { Authorization: `Bearer ${operation.key}`, 'X-Purpose': 'bad-input suite' } : {};
}

function send(operation: Operation, name: string, changes: Partial<BadRequest>): BadRequest {
  return {
    name: `${operation.method.toUpperCase()} ${operation.template}: ${name}`,
    method: operation.method,
    path: pathOf(operation),
    headers: { ...authorised(operation), ...(operation.contentType ? { 'Content-Type': operation.contentType } : {}) },
    body: operation.body,
    raw: typeof operation.body === 'string',
    ...changes,
  };
}

function badAuthentication(operation: Operation): BadRequest[] {
  if (!operation.key) return [];
  return BAD_AUTH.map((headers, i) => send(operation, `bad authentication #${i}`, { headers: { ...headers, ...(operation.contentType ? { 'Content-Type': operation.contentType } : {}) } }));
}

function badBodies(operation: Operation): BadRequest[] {
  if (operation.body === undefined) return [];
  const json = { 'Content-Type': operation.contentType ?? 'application/json' };
  return [
    ...MALFORMED_JSON.filter(() => typeof operation.body !== 'string').map((text, i) => send(operation, `malformed JSON #${i}`, { body: text, raw: true, headers: { ...authorised(operation), ...json } })),
    ...NOT_OBJECTS.filter(() => typeof operation.body !== 'string').map((value, i) => send(operation, `a body that is not an object #${i}`, { body: JSON.stringify(value), raw: true, headers: { ...authorised(operation), ...json } })),
    send(operation, 'oversize body', { body: Buffer.alloc(300 * 1024, 'a'), raw: true, headers: { ...authorised(operation), ...json } }),
    send(operation, 'text/plain', { body: 'plain text', raw: true, headers: { ...authorised(operation), 'Content-Type': 'text/plain' } }),
    send(operation, 'application/xml', { body: '<a>1</a>', raw: true, headers: { ...authorised(operation), 'Content-Type': 'application/xml' } }),
  ];
}

/** Each field spoilt in turn: wrong types always; hostile strings where the field's format refuses them; too long where it has a maximum. */
function badFields(operation: Operation): BadRequest[] {
  if (!operation.fields || typeof operation.body !== 'object') return [];
  const base = operation.body;
  const spoilt = (field: string, value: unknown, label: string) => send(operation, `${field} ${label}`, { body: { ...base, eventId: base.eventId ? randomUUID() : undefined, [field]: value } });
  const requests = Object.entries(operation.fields).flatMap(([field, schema]) => [
    ...(WRONG_TYPES[schema.type ?? (schema.$ref ? 'object' : '')] ?? WRONG_TYPES.string).map((value, i) => spoilt(field, value, `of a wrong type #${i}`)),
    ...hostileFor(schema).map((value, i) => spoilt(field, value, `hostile #${i}`)),
    ...(schema.maxLength ? HOSTILE_STRINGS.slice(0, 6).map((text, i) => spoilt(field, text.padEnd(schema.maxLength! + 1, '\u202e'), `too long and hostile #${i}`)) : []),
  ]);
  const nested = Object.entries(operation.nested ?? {}).flatMap(([outer, inner]) => Object.entries(inner).flatMap(([field, value]) =>
    wrongLike(value).map((wrong, i) => send(operation, `${outer}.${field} of a wrong type #${i}`, { body: { ...base, eventId: randomUUID(), [outer]: { ...inner, [field]: wrong } } }))));
  return [...requests, ...nested];
}

/** Strings the field's format refuses: every hostile string for ids, dates, enums and patterns. */
function hostileFor(schema: FieldSchema): string[] {
  if (schema.type !== 'string') return [];
  if (schema.enum) return HOSTILE_STRINGS;
  if (schema.format === 'uuid' || schema.format === 'date' || schema.format === 'date-time') return HOSTILE_STRINGS;
  if (schema.pattern) {
    const pattern = new RegExp(schema.pattern);
    return HOSTILE_STRINGS.filter((text) => !pattern.test(text));
  }
  return [];
}

function wrongLike(value: unknown): unknown[] {
  if (typeof value === 'string') return [12345, {}, [], true];
  if (typeof value === 'boolean') return ['true', 1, {}];
  if (typeof value === 'number') return ['12', {}, []];
  if (Array.isArray(value)) return ['x', {}, 5];
  return ['x', [], 5];
}

function badPathParameters(operation: Operation): BadRequest[] {
  return Object.keys(operation.params).flatMap((param) => PATH_GARBAGE.map((garbage, i) =>
    send(operation, `path ${param} garbage #${i}`, { path: pathOf(operation, { ...operation.params, [param]: garbage }) })));
}

function badQueryParameters(operation: Operation): BadRequest[] {
  return (operation.query ?? []).flatMap((param) => QUERY_GARBAGE.filter((garbage) => !operation.wellFormed?.[param]?.test(garbage)).map((garbage, i) =>
    send(operation, `query ${param} garbage #${i}`, { path: `${pathOf(operation)}?${param}=${encodeURIComponent(garbage)}` })));
}
