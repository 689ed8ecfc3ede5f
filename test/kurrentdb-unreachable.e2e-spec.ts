import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, openTestApp, TEST_ADMIN_KEY, type TestApp } from './setup/test-app';

// What can be shown of EVENT_STORE=kurrentdb without a KurrentDB server (none can be installed on
// our machines): the service starts, tells the truth on /health, and answers a write it cannot
// keep with a quick 503 problem+json, storing nothing. The contract suite runs when KURRENTDB_URL is set.
describe('with EVENT_STORE=kurrentdb and the KurrentDB server down', () => {
  let t: TestApp;
  let school: string;

  beforeAll(async () => {
    t = await openTestApp({ EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://127.0.0.1:1?tls=false', RUN_PROJECTIONS: 'false' });
    school = (await t.http.post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: 'school-meadowbank', name: 'Meadowbank Primary', kind: 'school' }).expect(201)).body.apiKey;
  });
  afterAll(() => t.close());

  it('says on /health that the event store is down, with 503', async () => {
    const health = await t.http.get('/health').expect(503);
    expect(health.body).toMatchObject({ status: 'unavailable', database: { status: 'up' }, eventStore: { status: 'down', kind: 'kurrentdb' } });
  });

  it('answers a registration with 503 LEDGER.UNAVAILABLE, and keeps no trace of the child', async () => {
    const started = Date.now();
    const refused = await t.http.post('/v1/children').set(bearer(school)).send({ nhsNumber: '9434765919', dateOfBirth: '2017-05-04' }).expect(503);
    expect(Date.now() - started).toBeLessThan(30_000); // a bound against hanging, not a speed target
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ status: 503, code: 'LEDGER.UNAVAILABLE' });
    await t.http.post('/v1/children/search').set(bearer(school)).send({ nhsNumber: '9434765919' }).expect(404);
  });
});
