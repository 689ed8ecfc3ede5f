import { afterAll, beforeAll, expect, it } from '@jest/globals';
import request from 'supertest';
import { createOwnPostgres, describeWithOwnPostgres, type OwnPostgres } from '../setup/own-postgres';
import { startService, type ServiceProcess } from '../setup/service-process';
import { bearer, TEST_ADMIN_KEY } from '../setup/test-app';
import { expectAcknowledgedStoredOnce, expectChainsVerify, expectReadModelsEqualRebuild } from './ledger-checks';
import { concern, send, SteadyLoad, stopAllLoads } from './load';
import { bySize, PROFILE } from './profile';

const OUTAGES = bySize(2, 5);
const OUTAGE_MS = bySize(4000, 10_000);

// Issue 10, "Database outage": a PostgreSQL cluster of the test's own (initdb on its own port, never
// the machine's shared server) is stopped and started again under load. While it is down the API
// answers 503 problem+json quickly (no hang, no 500); it recovers by itself and loses nothing acknowledged.
describeWithOwnPostgres(`database outage: PostgreSQL stopped ${OUTAGES} times under load (${PROFILE} profile)`, () => {
  let cluster: OwnPostgres;
  let service: ServiceProcess;

  beforeAll(async () => {
    cluster = await createOwnPostgres();
    service = await startService({ DATABASE_URL: cluster.url, PROJECTION_POLL_INTERVAL_MS: '100', COMPLIANCE_INTERVAL_MS: '100' });
  });
  afterAll(async () => {
    await stopAllLoads();
    await service?.stop();
    await cluster?.destroy();
  });

  it('given the database stopped and started under load, then 503 quickly while down, recovery without a restart, and nothing acknowledged lost', async () => {
    try {
      await underOutages();
    } catch (error) {
      // What the service said (JSON lines, never child data) is the first thing to read when this fails.
      throw new Error(`${String(error)}\n--- the service's last output:\n${service.output().slice(-4000)}`);
    }
  }, 600_000); // the full profile runs for minutes: past Jest's default timeout

  async function underOutages(): Promise<void> {
    const key = (await request(service.url).post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: 'school-north', name: 'School', kind: 'school' }).expect(201)).body.apiKey as string;
    const children: string[] = [];
    for (let c = 0; c < 6; c++) children.push((await request(service.url).post('/v1/children').set(bearer(key)).send({ dateOfBirth: '2016-03-03' }).expect(201)).body.childId);
    const load = new SteadyLoad(() => service.url, [0, 1, 2, 3].map(() => ({ key, children })), 20);
    for (let outage = 0; outage < OUTAGES; outage++) {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await cluster.stop(outage % 2 === 0 ? 'fast' : 'immediate');
      // While it is down: the health check and a write say so at once, as problem+json.
      const health = await request(service.url).get('/health');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ status: 'unavailable', database: { status: 'down' } });
      const started = Date.now();
      const write = await request(service.url).post(`/v1/children/${children[0]}/events`).set(bearer(key)).send(concern());
      expect(write.status).toBe(503);
      expect(write.headers['content-type']).toContain('application/problem+json');
      expect(write.body).toMatchObject({ code: 'LEDGER.UNAVAILABLE' });
      expect(Date.now() - started).toBeLessThan(6000); // a bound against hanging (the pool's 5 s connect timeout), not a speed target
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
      await cluster.start();
    }
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const outcome = await load.stop();
    expect(outcome.failed).toEqual([]);
    expect(outcome.refused).toEqual([]);
    expect(outcome.unknown.length).toBeGreaterThan(0); // the outages were felt

    // Recovered by itself: new writes succeed on the same process, and what had no answer is sent again.
    for (const event of outcome.unknown) {
      const answer = await send(service.url, event);
      expect([200, 201]).toContain(answer.status);
      outcome.acknowledged.set(event.body.eventId, { childId: event.childId, revision: answer.revision! });
    }
    const { Pool } = await import('pg');
    const pool = new Pool({ connectionString: cluster.url, max: 2 });
    try {
      await expectAcknowledgedStoredOnce(pool, outcome);
      await expectChainsVerify(cluster.url);
      await expectReadModelsEqualRebuild(pool, cluster.url);
    } finally {
      await pool.end();
    }
    expect((await request(service.url).get('/health').expect(200)).body.status).toBe('ok');
    process.stderr.write(`database outage: ${OUTAGES} outages of ${OUTAGE_MS} ms, ${outcome.acknowledged.size} events acknowledged, slowest 503 ${Math.round(outcome.slowest503Ms)} ms\n`);
  }
});
