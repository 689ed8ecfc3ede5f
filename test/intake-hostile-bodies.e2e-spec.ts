import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { EVENT_CATALOGUE } from '../src/children/catalogue/event-catalogue';
import { bearer, openTestApp, TEST_ADMIN_KEY, type TestApp } from './setup/test-app';

// Generated malformed and hostile bodies thrown at the intake endpoints through HTTP: every answer
// must be a 4xx problem+json, never a 5xx, and the ledger must not grow.
describe('intake under hostile input', () => {
  let t: TestApp;
  let school: string;
  let childId: string;

  beforeAll(async () => {
    t = await openTestApp();
    school = (await t.http.post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: 'school-h', name: 'H', kind: 'school' })).body.apiKey;
    childId = (await t.http.post('/v1/children').set(bearer(school)).send({ dateOfBirth: '2018-01-01' })).body.childId;
  });
  afterAll(() => t.close());

  const hostile = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ minLength: 20_001, maxLength: 20_100 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom('__proto__', '2026-02-30', '2099-01-01', '9434765918', '\u0000', "' OR 1=1 --", '<script>alert(1)</script>', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '\uFEFF'),
    fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
    fc.jsonValue({ maxDepth: 3 }),
  );
  const envelopeKey = fc.constantFrom('eventId', 'type', 'occurredAt', 'data', 'expectedRevision', 'author', 'source', 'sensitivity', 'causationId', 'agencyId', '__proto__', 'constructor');
  const dataKey = fc.constantFrom('categories', 'description', 'immediateAction', 'referred', 'extra', '__proto__', 'prototype');
  const valid = () => ({ eventId: randomUUID(), type: 'ConcernRaised', occurredAt: '2026-01-12', data: { ...EVENT_CATALOGUE.get('ConcernRaised')!.example } });

  const body = fc.oneof(
    fc.record({ envelope: fc.dictionary(envelopeKey, hostile, { minKeys: 1, maxKeys: 3 }) }).map(({ envelope }) => ({ ...valid(), ...envelope })),
    fc.record({ data: fc.dictionary(dataKey, hostile, { minKeys: 1, maxKeys: 3 }) }).map(({ data }) => ({ ...valid(), data: { ...valid().data, ...data } })),
    fc.jsonValue({ maxDepth: 4 }),
    fc.array(fc.jsonValue(), { maxLength: 3 }).map((events) => ({ events })),
    fc.integer({ min: 0, max: 60 }).map((depth) => JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth))),
  );

  it('answers 1,000 generated bodies with 4xx problem+json and stores none of them', async () => {
    const before = Number((await t.database.pool.query('SELECT count(*) FROM ledger_events')).rows[0].count);
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom('events', 'events/batch'), async (payload, path) => {
        const response = await t.http.post(`/v1/children/${childId}/${path}`).set(bearer(school)).set('Content-Type', 'application/json').send(JSON.stringify(payload));
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        // A generated change can happen to be valid (an extra space in a description): then it is simply stored.
        if (response.status === 201) return;
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(response.body).toMatchObject({ status: response.status, code: expect.any(String) });
      }),
      { numRuns: 1000 },
    );
    const accepted = statuses.get(201) ?? 0;
    const after = Number((await t.database.pool.query('SELECT count(*) FROM ledger_events')).rows[0].count);
    expect(after - before).toBe(accepted);
    expect(accepted).toBeLessThan(100); // nearly everything generated is invalid
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
