import { afterAll, beforeAll, expect, it } from '@jest/globals';
import request from 'supertest';
import { startService, type ServiceProcess } from '../setup/service-process';
import { bearer, TEST_ADMIN_KEY } from '../setup/test-app';
import { describeOnServer, openTestDatabase, type TestDatabase } from '../setup/test-database';
import { eventually, expectAcknowledgedStoredOnce, expectChainsVerify, expectReadModelsEqualRebuild } from './ledger-checks';
import { send, SteadyLoad, stopAllLoads } from './load';
import { bySize, PROFILE } from './profile';

const LOAD_SECONDS = bySize(6, 30);

// Issue 10, "Two instances": two service processes on one database under a steady load, each
// agency's requests spread over both. Appends interleave correctly, each projection runs in one of
// them, and killing the one that holds the projections hands them to the other.
describeOnServer(`two instances under load, one of them killed (${PROFILE} profile)`, () => {
  let database: TestDatabase;
  let instances: ServiceProcess[];

  beforeAll(async () => {
    database = await openTestDatabase(4);
    const settings = { DATABASE_URL: database.url, PROJECTION_POLL_INTERVAL_MS: '100', COMPLIANCE_INTERVAL_MS: '100' };
    instances = await Promise.all([startService(settings), startService(settings)]);
  });
  afterAll(async () => {
    await stopAllLoads();
    await Promise.all((instances ?? []).map((instance) => instance.stop()));
    await database?.close();
  });

  const leaseOwners = async () => (await database.pool.query<{ projection: string; owner: string }>(
    "SELECT projection, owner FROM projection_leases WHERE projection NOT LIKE '%@%' ORDER BY projection")).rows.map((row) => ({ projection: row.projection, pid: Number(row.owner.split(':')[1]) }));

  it('given load through both and the lease holder killed half-way, then nothing acknowledged is lost or doubled, and the survivor runs every projection', async () => {
    const key = (await request(instances[0].url).post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: 'school-north', name: 'School', kind: 'school' }).expect(201)).body.apiKey as string;
    const children: string[] = [];
    for (let c = 0; c < 8; c++) children.push((await request(instances[c % 2].url).post('/v1/children').set(bearer(key)).send({ dateOfBirth: '2016-03-03' }).expect(201)).body.childId);
    await eventually(async () => (await leaseOwners()).length === 3, 'every projection leased');
    // One holder per projection (the lease), and it is one of the two instances.
    for (const { pid } of await leaseOwners()) expect(instances.map((instance) => instance.pid)).toContain(pid);

    let alive = [...instances];
    let turn = 0;
    const load = new SteadyLoad(() => alive[turn++ % alive.length].url, [0, 1, 2, 3].map(() => ({ key, children })), 20);
    await new Promise((resolve) => setTimeout(resolve, (LOAD_SECONDS * 1000) / 2));
    const holderPid = (await leaseOwners()).find((owner) => owner.projection === 'chronology')!.pid;
    const holder = instances.find((instance) => instance.pid === holderPid)!;
    const survivor = instances.find((instance) => instance !== holder)!;
    await holder.kill();
    alive = [survivor];
    await new Promise((resolve) => setTimeout(resolve, (LOAD_SECONDS * 1000) / 2));
    const outcome = await load.stop();
    expect(outcome.failed).toEqual([]);
    expect(outcome.refused).toEqual([]);
    for (const event of outcome.unknown) {
      const answer = await send(survivor.url, event);
      expect([200, 201]).toContain(answer.status);
      outcome.acknowledged.set(event.body.eventId, { childId: event.childId, revision: answer.revision! });
    }
    await eventually(async () => (await leaseOwners()).every((owner) => owner.pid === survivor.pid), 'the survivor holding every lease');
    await expectAcknowledgedStoredOnce(database.pool, outcome);
    await expectChainsVerify(database.url);
    await expectReadModelsEqualRebuild(database.pool, database.url);
    process.stderr.write(`two instances: ${outcome.acknowledged.size} events acknowledged over ${LOAD_SECONDS} s, the lease holder killed half-way\n`);
  }, 600_000); // the full profile runs for minutes: past Jest's default timeout
});
