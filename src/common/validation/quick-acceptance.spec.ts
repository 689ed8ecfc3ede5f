import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import fc from 'fast-check';
import { EVENT_CATALOGUE } from '../../children/catalogue/event-catalogue';
import { RecordEventRequest } from '../../children/intake/record-event-request';
import { certainlyValid } from './quick-acceptance';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Constructor = new () => object;

/** What class-validator says, run exactly as intake runs it (intake refuses anything but an object before it). */
function classValidatorAccepts(type: Constructor, value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const instance = plainToInstance(type, value, { enableImplicitConversion: false });
  return validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }).length === 0;
}

const ENVELOPE: Json = {
  eventId: '0b9e5a52-4c1f-4d8e-9a57-3c2d1e0f9a11', type: 'ConcernRaised', occurredAt: '2026-01-12', data: { summary: 'Fictional.' },
  expectedRevision: 3, author: { id: 'staff-1', role: 'designated safeguarding lead' }, source: { system: 'mis', ref: 'A/1' }, sensitivity: 'normal',
  causationId: '5d1f0c3e-8a2b-4c6d-9e0f-1a2b3c4d5e6f',
};
const CASES: Array<{ name: string; type: Constructor; valid: Json }> = [
  { name: 'the envelope', type: RecordEventRequest, valid: ENVELOPE },
  ...[...EVENT_CATALOGUE.values()].map((definition) => ({ name: `${definition.type} data`, type: definition.data, valid: definition.example as Json })),
];

/** Every leaf of every valid example (vocabulary words, ids, dates, counts): replacements that are often valid elsewhere. */
function leavesOf(value: Json): Json[] {
  if (Array.isArray(value)) return value.flatMap(leavesOf);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(leavesOf);
  return [value];
}
const ODD_VALUES: Json[] = [
  null, '', ' ', 'x'.repeat(201), 'x'.repeat(20_001), -1, 0, 1.5, 5, 6, 1e7, true, false, [], {}, [{}], [null], ['x'], [1], { a: 1 },
  '2026-02-30', '2026-13-01', '2026-01-12T10:00:00Z', 'not-a-uuid', 'A0B9E5A5-4C1F-4D8E-9A57-3C2D1E0F9A11', 'bad id!', '9434765919', '9434765918',
];
const POOL = [...new Set([...CASES.flatMap(({ valid }) => leavesOf(valid)), ...ODD_VALUES].map((value) => JSON.stringify(value)))].map((text) => JSON.parse(text) as Json);

/** Paths to every object member and array element of a value. */
function pathsOf(value: Json, path: Array<string | number> = []): Array<Array<string | number>> {
  const here = [path];
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, index) => pathsOf(item, [...path, index]))];
  if (value !== null && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...path, key]))];
  return here;
}

type Mutation = { kind: 'replace' | 'delete' | 'add' | 'wrap'; at: number; pick: number; key: string };

/** A copy of `value` with one change at one place: a value swapped, a member removed or added, a value put in a list. */
function mutate(value: Json, mutation: Mutation): Json {
  const copy = JSON.parse(JSON.stringify(value)) as Json;
  const paths = pathsOf(copy);
  const path = paths[mutation.at % paths.length];
  if (path.length === 0) return mutation.kind === 'replace' ? POOL[mutation.pick % POOL.length] : copy;
  const parent = path.slice(0, -1).reduce<Json>((node, step) => (node as Record<string, Json>)[step], copy) as Record<string | number, Json>;
  const last = path[path.length - 1];
  const replacement = POOL[mutation.pick % POOL.length];
  if (mutation.kind === 'replace') parent[last] = replacement;
  if (mutation.kind === 'wrap') parent[last] = [parent[last]];
  if (mutation.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  }
  if (mutation.kind === 'add' && !Array.isArray(parent)) parent[mutation.key] = replacement;
  return copy;
}

const mutations = fc.array(
  fc.record({
    kind: fc.constantFrom<Mutation['kind']>('replace', 'delete', 'add', 'wrap'),
    at: fc.nat(),
    pick: fc.nat(),
    key: fc.constantFrom('unknown', 'toString', 'valueOf', 'role', 'id', 'summary', 'agencyId', 'ref'),
  }),
  { minLength: 1, maxLength: 3 },
);

describe('certainlyValid', () => {
  it('given every valid example of the catalogue and the envelope, when checked, then each is accepted without class-validator', () => {
    for (const { name, type, valid } of CASES) {
      expect({ name, accepted: certainlyValid(type, valid) }).toEqual({ name, accepted: true });
    }
  });

  it('given values changed in one to three places, when checked quickly, then a yes is only ever given where class-validator says yes too', () => {
    let quickYes = 0;
    let classValidatorYes = 0;
    fc.assert(
      fc.property(fc.nat(), mutations, (which, changes) => {
        const { type, valid } = CASES[which % CASES.length];
        const value = changes.reduce(mutate, valid);
        const quick = certainlyValid(type, value);
        const full = classValidatorAccepts(type, value);
        if (quick) quickYes += 1;
        if (full) classValidatorYes += 1;
        return !quick || full;
      }),
      { numRuns: 3000 },
    );
    // The property above holds trivially for a check that never says yes: it must say yes often.
    expect(quickYes).toBeGreaterThan(0.8 * classValidatorYes);
  });

  it('given values that are not parsed JSON objects, when checked, then the quick check leaves them to class-validator', () => {
    expect(certainlyValid(RecordEventRequest, Object.assign(Object.create(null) as object, ENVELOPE))).toBe(false);
    expect(certainlyValid(RecordEventRequest, [ENVELOPE])).toBe(false);
    expect(certainlyValid(RecordEventRequest, null)).toBe(false);
  });
});
