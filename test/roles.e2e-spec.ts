import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, openTestApp, reviewerOf, TEST_ADMIN_KEY, type TestApp } from './setup/test-app';

type Role = 'admin' | 'agency' | 'reviewer' | 'auditor';

// Every endpoint of this issue, with the roles API.md allows; every other role gets 403, no key 401.
describe('who may call what', () => {
  let t: TestApp;
  const keys = {} as Record<Role, string>;
  let childId: string;
  let revokedKey: string;
  let assignedReviewer: string;
  let expiredReviewer: string;

  beforeAll(async () => {
    t = await openTestApp();
    keys.admin = TEST_ADMIN_KEY;
    keys.agency = (await t.http.post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: 'school-r', name: 'R', kind: 'school', canImport: true })).body.apiKey;
    keys.reviewer = (await t.http.post('/v1/principals').set(bearer(TEST_ADMIN_KEY)).send({ role: 'reviewer', name: 'Rev' })).body.apiKey;
    keys.auditor = (await t.http.post('/v1/principals').set(bearer(TEST_ADMIN_KEY)).send({ role: 'auditor', name: 'Aud' })).body.apiKey;
    childId = (await t.http.post('/v1/children').set(bearer(keys.agency)).send({ dateOfBirth: '2018-01-01' })).body.childId;
    assignedReviewer = await reviewerOf(t, [childId]);
    // A second agency whose key is revoked, and a reviewer whose assignment for the child ran out.
    const revoked = await t.http.post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: 'school-revoked', name: 'Gone', kind: 'school' });
    revokedKey = revoked.body.apiKey;
    const [{ keyId }] = (await t.http.get('/v1/principals/school-revoked/keys').set(bearer(TEST_ADMIN_KEY)).expect(200)).body.items;
    await t.http.delete(`/v1/principals/school-revoked/keys/${keyId}`).set(bearer(TEST_ADMIN_KEY)).expect(204);
    const reviewer = (await t.http.post('/v1/principals').set(bearer(TEST_ADMIN_KEY)).send({ role: 'reviewer', name: 'Past' })).body;
    expiredReviewer = reviewer.apiKey;
    await t.http.post('/v1/reviews').set(bearer(TEST_ADMIN_KEY)).send({ reviewerId: reviewer.id, childIds: [childId], purpose: 'Rapid review', expiresAt: new Date(Date.now() + 1500).toISOString() }).expect(201);
    await new Promise((resolve) => setTimeout(resolve, 1600));
  });
  afterAll(() => t.close());

  const endpoints: Array<[string, string, () => string, Role[]]> = [
    ['POST', '/v1/agencies', () => '/v1/agencies', ['admin']],
    ['POST', '/v1/principals', () => '/v1/principals', ['admin']],
    ['POST', '/v1/principals/{id}/keys', () => '/v1/principals/school-r/keys', ['admin']],
    ['GET', '/v1/principals/{id}/keys', () => '/v1/principals/school-r/keys', ['admin']],
    ['DELETE', '/v1/principals/{id}/keys/{id}', () => `/v1/principals/school-r/keys/${randomUUID()}`, ['admin']],
    ['POST', '/v1/reviews', () => '/v1/reviews', ['admin']],
    ['GET', '/v1/children/{id}/access-log', () => `/v1/children/${childId}/access-log`, ['auditor']],
    ['POST', '/v1/children', () => '/v1/children', ['agency']],
    ['POST', '/v1/children/search', () => '/v1/children/search', ['agency', 'reviewer', 'auditor']],
    ['POST', '/v1/children/{id}/events', () => `/v1/children/${childId}/events`, ['agency']],
    ['POST', '/v1/children/{id}/events/batch', () => `/v1/children/${childId}/events/batch`, ['agency']],
    ['POST', '/v1/children/{id}/duplicates', () => `/v1/children/${childId}/duplicates`, ['admin']],
    ['POST', '/v1/imports', () => '/v1/imports', ['admin', 'agency']],
    ['GET', '/v1/children/{id}/events', () => `/v1/children/${childId}/events`, ['reviewer', 'auditor']],
    ['GET', '/v1/children/{id}/integrity', () => `/v1/children/${childId}/integrity`, ['reviewer', 'auditor']],
    ['GET', '/v1/children/{id}/chronology', () => `/v1/children/${childId}/chronology`, ['agency', 'reviewer', 'auditor']],
    ['GET', '/v1/children/{id}/case-state', () => `/v1/children/${childId}/case-state`, ['agency', 'reviewer', 'auditor']],
    ['GET', '/v1/agencies/{id}/history', () => '/v1/agencies/school-r/history', ['agency', 'auditor']],
    ['GET', '/v1/compliance/findings', () => '/v1/compliance/findings', ['auditor', 'reviewer']],
    ['GET', '/v1/compliance/report', () => '/v1/compliance/report', ['auditor']],
    ['GET', '/v1/children/{id}/patterns', () => `/v1/children/${childId}/patterns`, ['reviewer', 'auditor']],
  ];
  const cases = endpoints.flatMap(([method, name, path, allowed]) =>
    (['admin', 'agency', 'reviewer', 'auditor'] as Role[]).filter((role) => !allowed.includes(role)).map((role) => [method, name, role, path] as const));

  const send = (method: string, path: string) =>
    method === 'GET' ? t.http.get(path) : method === 'DELETE' ? t.http.delete(path) : t.http.post(path).send({ eventId: randomUUID() });

  it('lists every endpoint the service documents (OpenAPI): a new endpoint must be added to this table', async () => {
    const { body } = await t.http.get('/docs-json').expect(200);
    const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{id}');
    const documented = Object.entries(body.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${shape(path)}`))
      .filter((endpoint) => endpoint.includes(' /v1/'));
    expect(documented.sort()).toEqual(endpoints.map(([method, name]) => `${method} ${name}`).sort());
  });

  const allowedCases = endpoints.flatMap(([method, name, path, allowed]) => allowed.map((role) => [method, name, role, path] as const));

  it.each(allowedCases)('%s %s lets the %s role through (whatever the body makes of it, never 401 or 403)', async (method, _name, role, path) => {
    const key = role === 'reviewer' ? assignedReviewer : keys[role];
    const response = await send(method, path()).set({ ...bearer(key), 'X-Purpose': 'role table (test)' });
    expect(response.status).not.toBe(401);
    expect(response.status).not.toBe(403);
    expect(response.status).toBeLessThan(500);
  });

  it.each(cases)('%s %s refuses the %s role with 403', async (method, _name, role, path) => {
    const response = await send(method, path()).set(bearer(keys[role]));
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'AUTH.FORBIDDEN' });
  });

  it.each(endpoints.map(([method, name, path]) => [method, name, path] as const))('%s %s refuses a call without a key with 401', async (method, _name, path) => {
    const response = await send(method, path());
    expect(response.status).toBe(401);
  });

  it.each(endpoints.map(([method, name, path]) => [method, name, path] as const))('%s %s refuses a revoked key with 401', async (method, _name, path) => {
    const response = await send(method, path()).set(bearer(revokedKey));
    expect(response.status).toBe(401);
  });

  it.each(endpoints.filter(([, name]) => name.includes('/children/{id}/') && !name.includes('access-log')).filter(([, , , allowed]) => allowed.includes('reviewer')).map(([method, name, path]) => [method, name, path] as const))(
    '%s %s refuses a reviewer whose assignment has expired with 403', async (method, _name, path) => {
      const response = await send(method, path()).set({ ...bearer(expiredReviewer), 'X-Purpose': 'test' });
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('AUTH.NOT_ASSIGNED');
    });
});
