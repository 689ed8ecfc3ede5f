import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, openTestApp, TEST_ADMIN_KEY, type TestApp } from './setup/test-app';

type Role = 'admin' | 'agency' | 'reviewer' | 'auditor';

// Every endpoint of this issue, with the roles API.md allows; every other role gets 403, no key 401.
describe('who may call what', () => {
  let t: TestApp;
  const keys = {} as Record<Role, string>;
  let childId: string;

  beforeAll(async () => {
    t = await openTestApp();
    keys.admin = TEST_ADMIN_KEY;
    keys.agency = (await t.http.post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: 'school-r', name: 'R', kind: 'school' })).body.apiKey;
    keys.reviewer = (await t.http.post('/v1/principals').set(bearer(TEST_ADMIN_KEY)).send({ role: 'reviewer', name: 'Rev' })).body.apiKey;
    keys.auditor = (await t.http.post('/v1/principals').set(bearer(TEST_ADMIN_KEY)).send({ role: 'auditor', name: 'Aud' })).body.apiKey;
    childId = (await t.http.post('/v1/children').set(bearer(keys.agency)).send({ dateOfBirth: '2018-01-01' })).body.childId;
  });
  afterAll(() => t.close());

  const endpoints: Array<[string, string, () => string, Role[]]> = [
    ['POST', '/v1/agencies', () => '/v1/agencies', ['admin']],
    ['POST', '/v1/principals', () => '/v1/principals', ['admin']],
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

  it.each(cases)('%s %s refuses the %s role with 403', async (method, _name, role, path) => {
    const call = method === 'GET' ? t.http.get(path()) : t.http.post(path()).send({ eventId: randomUUID() });
    const response = await call.set(bearer(keys[role]));
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'AUTH.FORBIDDEN' });
  });

  it.each(endpoints.map(([method, name, path]) => [method, name, path] as const))('%s %s refuses a call without a key with 401', async (method, _name, path) => {
    const response = await (method === 'GET' ? t.http.get(path()) : t.http.post(path()).send({}));
    expect(response.status).toBe(401);
  });
});
