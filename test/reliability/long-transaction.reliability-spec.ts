import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Client } from 'pg';
import request from 'supertest';
import { EVENT_CATALOGUE } from '../../src/children/catalogue/event-catalogue';
import { prepareAppend } from '../../src/ledger/prepare-append';
import { appendToPostgres } from '../../src/ledger/postgres/postgres-append';
import { startService, type ServiceProcess } from '../setup/service-process';
import { bearer, TEST_ADMIN_KEY } from '../setup/test-app';
import { describeOnServer, openTestDatabase, type TestDatabase } from '../setup/test-database';
import { caughtUp, eventually, expectAcknowledgedStoredOnce, expectReadModelsEqualRebuild } from './ledger-checks';
import { SteadyLoad, stopAllLoads } from './load';

const BUSY_SECONDS = 30;

// Issue 10, "Long transaction": an append whose transaction stays busy for 30 seconds (a slow
// statement, so the idle-in-transaction timeout does not end it) takes an early global position
// and commits after hundreds of later ones. No subscriber may skip it: the projections wait for it
// (their lag shows on /health) and then take it in, and catch up.
describeOnServer('a transaction kept busy for 30 seconds among steady appends', () => {
  let database: TestDatabase;
  let service: ServiceProcess;

  beforeAll(async () => {
    database = await openTestDatabase(4);
    service = await startService({ DATABASE_URL: database.url, PROJECTION_POLL_INTERVAL_MS: '100', COMPLIANCE_INTERVAL_MS: '100', IDLE_IN_TRANSACTION_TIMEOUT_MS: '5000' });
  });
  afterAll(async () => {
    await stopAllLoads();
    await service?.stop();
    await database?.close();
  });

  it('given a late commit, then no projection skips its event, the lag shows on /health while it waits, and it recovers', async () => {
    const key = (await request(service.url).post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: 'school-north', name: 'School', kind: 'school' }).expect(201)).body.apiKey as string;
    const register = async () => (await request(service.url).post('/v1/children').set(bearer(key)).send({ dateOfBirth: '2016-03-03' }).expect(201)).body.childId as string;
    const slowChild = await register();
    const children = [await register(), await register(), await register()];
    await eventually(() => caughtUp(database.pool), 'projections caught up before');
    const load = new SteadyLoad(() => service.url, [{ key, children }, { key, children }], 50);

    const lateEventId = randomUUID();
    const slow = new Client({ connectionString: database.url });
    await slow.connect();
    await slow.query('BEGIN');
    const event = { eventId: lateEventId, type: 'ConcernRaised', schemaVersion: 1, occurredAt: '2026-01-12T09:30:00.000Z', occurredAtPrecision: 'date-time' as const,
      data: EVENT_CATALOGUE.get('ConcernRaised')!.example as Record<string, unknown>, metadata: { agencyId: 'school-north', sensitivity: 'normal' as const } };
    await appendToPostgres(slow, `child-${slowChild}`, prepareAppend(`child-${slowChild}`, [event], new Date()), 'any');
    const committed = slow.query(`SELECT pg_sleep(${BUSY_SECONDS})`).then(() => slow.query('COMMIT'));

    // While it is busy, the projections cannot pass its position: /health shows them behind, and more so.
    let worstLagSeconds = 0;
    const watchUntil = Date.now() + (BUSY_SECONDS - 5) * 1000;
    while (Date.now() < watchUntil) {
      const health = (await request(service.url).get('/health').expect(200)).body as { projections: Array<{ lagSeconds: number; lagEvents: number }> };
      worstLagSeconds = Math.max(worstLagSeconds, ...health.projections.map((projection) => projection.lagSeconds));
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(worstLagSeconds).toBeGreaterThan(10);
    const { rows: before } = await database.pool.query('SELECT 1 FROM chronology_entries WHERE event_id = $1', [lateEventId]);
    expect(before).toHaveLength(0);

    await committed;
    await slow.end();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const outcome = await load.stop();
    expect(outcome.failed).toEqual([]);
    expect(outcome.unknown).toEqual([]);
    outcome.sent.set(lateEventId, { childId: slowChild, key, body: { eventId: lateEventId, type: 'ConcernRaised', occurredAt: event.occurredAt, data: event.data } });
    await eventually(() => caughtUp(database.pool), 'projections caught up after the late commit');
    for (const table of ['chronology_entries', 'compliance_events']) {
      expect((await database.pool.query(`SELECT 1 FROM ${table} WHERE event_id = $1`, [lateEventId])).rows).toHaveLength(1);
    }
    const health = (await request(service.url).get('/health').expect(200)).body as { status: string; projections: Array<{ lagEvents: number }> };
    expect(health.projections.map((projection) => projection.lagEvents)).toEqual([0, 0, 0]);
    await expectAcknowledgedStoredOnce(database.pool, outcome);
    await expectReadModelsEqualRebuild(database.pool, database.url);
    process.stderr.write(`long transaction: ${outcome.acknowledged.size} events appended around a ${BUSY_SECONDS} s transaction; worst projection lag ${worstLagSeconds.toFixed(1)} s, none skipped\n`);
  }, 600_000); // the full profile runs for minutes: past Jest's default timeout
});
