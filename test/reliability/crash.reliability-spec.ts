import { afterAll, beforeAll, expect, it } from '@jest/globals';
import request from 'supertest';
import { startService, type ServiceProcess } from '../setup/service-process';
import { bearer, TEST_ADMIN_KEY } from '../setup/test-app';
import { describeOnServer, openTestDatabase, type TestDatabase } from '../setup/test-database';
import { expectAcknowledgedStoredOnce, expectChainsVerify, expectReadModelsEqualRebuild } from './ledger-checks';
import { send, SteadyLoad, stopAllLoads } from './load';
import { bySize, PROFILE } from './profile';

const KILLS = bySize(3, 10);
const CLIENTS_PER_AGENCY = bySize(2, 4);

// Issue 10, "Crash": agencies post at a steady pace while the service is killed with SIGKILL again
// and again. Nothing acknowledged may be lost or stored twice, the chains must verify, and the read
// models must equal a rebuild from scratch. Service processes need a real server database.
describeOnServer(`crash: the service killed ${KILLS} times under load (${PROFILE} profile)`, () => {
  let database: TestDatabase;
  let service: ServiceProcess;
  const settings = () => ({ DATABASE_URL: database.url, PROJECTION_POLL_INTERVAL_MS: '100', COMPLIANCE_INTERVAL_MS: '100' });

  beforeAll(async () => {
    database = await openTestDatabase(4);
    service = await startService(settings());
  });
  afterAll(async () => {
    await stopAllLoads();
    await service?.stop();
    await database?.close();
  });

  it('given SIGKILLs under a steady load, then every acknowledged event is stored once, the chains verify, and the read models equal a rebuild', async () => {
    const clients: Array<{ key: string; children: string[] }> = [];
    for (const agency of ['school-north', 'health-visiting', 'police-east']) {
      const key = (await request(service.url).post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: agency, name: agency, kind: 'other' }).expect(201)).body.apiKey as string;
      const children: string[] = [];
      for (let c = 0; c < 4; c++) children.push((await request(service.url).post('/v1/children').set(bearer(key)).send({ dateOfBirth: '2016-03-03' }).expect(201)).body.childId);
      for (let k = 0; k < CLIENTS_PER_AGENCY; k++) clients.push({ key, children });
    }
    const load = new SteadyLoad(() => service.url, clients, 20);
    for (let kill = 0; kill < KILLS; kill++) {
      await new Promise((resolve) => setTimeout(resolve, 1000 + Math.random() * 2000));
      await service.kill();
      service = await startService(settings());
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const outcome = await load.stop();
    expect(outcome.refused).toEqual([]);
    expect(outcome.failed).toEqual([]);
    expect(outcome.acknowledged.size).toBeGreaterThan(100);

    // An agency system sends what it had no answer for again: each is stored once, whatever happened to the first try.
    for (const event of outcome.unknown) {
      const answer = await send(service.url, event);
      expect([200, 201]).toContain(answer.status);
      outcome.acknowledged.set(event.body.eventId, { childId: event.childId, revision: answer.revision! });
    }
    await expectAcknowledgedStoredOnce(database.pool, outcome);
    await expectChainsVerify(database.url);
    await expectReadModelsEqualRebuild(database.pool, database.url);
    process.stderr.write(`crash: ${KILLS} kills, ${outcome.acknowledged.size} events acknowledged (${outcome.unknown.length} of them sent again after no answer)\n`);
  }, 600_000); // the full profile runs for minutes: past Jest's default timeout
});
