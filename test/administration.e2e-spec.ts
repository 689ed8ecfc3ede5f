import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, openTestApp, TEST_ADMIN_KEY, type TestApp } from './setup/test-app';

describe('administration: agencies and principals', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp();
  });
  afterAll(() => t.close());

  it('given no key, then 401 problem+json asking for a bearer key', async () => {
    const response = await t.http.post('/v1/agencies').send({ id: 'school-a', name: 'A', kind: 'school' }).expect(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.body).toMatchObject({ status: 401, code: 'AUTH.UNAUTHENTICATED' });
  });

  it.each(['Bearer nonsense', `Bearer sclk_${'0'.repeat(32)}_${'A'.repeat(43)}`, TEST_ADMIN_KEY])('given the key %p that is not one, then 401', async (authorization) => {
    await t.http.post('/v1/agencies').set('Authorization', authorization).send({ id: 'school-a', name: 'A', kind: 'school' }).expect(401);
  });

  it('given the admin key, when an agency is registered, then its key is shown once and works for agency calls only', async () => {
    const created = await t.http.post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: 'school-meadowbank', name: 'Meadowbank Primary', kind: 'school' }).expect(201);
    expect(created.body).toEqual({ id: 'school-meadowbank', apiKey: expect.stringMatching(/^sclk_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/) });
    const forbidden = await t.http.post('/v1/agencies').set(bearer(created.body.apiKey)).send({ id: 'school-b', name: 'B', kind: 'school' }).expect(403);
    expect(forbidden.body).toMatchObject({ code: 'AUTH.FORBIDDEN' });
    const stored = await t.database.pool.query('SELECT secret_hmac FROM api_keys');
    expect(stored.rows.every((row: { secret_hmac: Buffer }) => !created.body.apiKey.includes(row.secret_hmac.toString('hex')))).toBe(true);
  });

  it('given an agency id already registered, then 409 and nothing new is stored', async () => {
    await t.http.post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: 'police-north', name: 'Police', kind: 'police' }).expect(201);
    const again = await t.http.post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: 'police-north', name: 'Police again', kind: 'police' }).expect(409);
    expect(again.body).toMatchObject({ code: 'AGENCY.ALREADY_EXISTS' });
    const { rows } = await t.database.pool.query("SELECT count(*)::int AS n FROM principals WHERE agency_id = 'police-north'");
    expect(rows[0].n).toBe(1);
  });

  it.each([
    ['an unknown kind', { id: 'x-1', name: 'X', kind: 'army' }, 'kind'],
    ['an unknown field', { id: 'x-2', name: 'X', kind: 'school', admin: true }, 'admin'],
    ['an id with spaces', { id: 'x 3', name: 'X', kind: 'school' }, 'id'],
    ['no name', { id: 'x-4', kind: 'school' }, 'name'],
  ])('given %s, then 400 naming the field', async (_what, body, field) => {
    const response = await t.http.post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send(body).expect(400);
    expect(response.body).toMatchObject({ code: 'REQUEST.INVALID', errors: expect.arrayContaining([expect.objectContaining({ field })]) });
  });

  it('creates reviewers and auditors, and refuses any other role', async () => {
    const reviewer = await t.http.post('/v1/principals').set(bearer(TEST_ADMIN_KEY)).send({ role: 'reviewer', name: 'Independent reviewer' }).expect(201);
    expect(reviewer.body).toEqual({ id: expect.any(String), apiKey: expect.stringMatching(/^sclk_/) });
    await t.http.post('/v1/principals').set(bearer(TEST_ADMIN_KEY)).send({ role: 'admin', name: 'Sneaky' }).expect(400);
    await t.http.post('/v1/principals').set(bearer(reviewer.body.apiKey)).send({ role: 'auditor', name: 'Self-made' }).expect(403);
  });
});
