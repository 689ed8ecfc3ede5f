import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import request from 'supertest';
import { EVENT_CATALOGUE } from '../src/children/catalogue/event-catalogue';
import { readModelSnapshot } from './setup/read-model-snapshot';
import { runBuilt } from './setup/run-built';
import { startService, type ServiceProcess } from './setup/service-process';
import { bearer, TEST_ADMIN_KEY } from './setup/test-app';
import { describeOnServer, openTestDatabase, type TestDatabase } from './setup/test-database';

const concern = () => ({ eventId: randomUUID(), type: 'ConcernRaised', occurredAt: '2026-01-12T09:30:00Z', data: EVENT_CATALOGUE.get('ConcernRaised')!.example });

// Scaling past one process (issues 9 and 10, docs/scaling.md): stateless instances on one PostgreSQL.
// Two real service processes need real concurrent backends, so this runs against a server only.
describeOnServer('two instances of the service on one database', () => {
  let database: TestDatabase;
  let instances: ServiceProcess[];
  let school: string;
  const children: string[] = [];
  const acknowledged = new Map<string, { childId: string; revision: number }>();

  const post = (instance: ServiceProcess, childId: string, body: object) => request(instance.url).post(`/v1/children/${childId}/events`).set(bearer(school)).send(body);
  const leaseOwners = async () => (await database.pool.query<{ projection: string; owner: string }>(
    // A rebuild leaves its own `<name>@rebuild` lease row behind: the operator's, not an instance's.
    "SELECT projection, owner FROM projection_leases WHERE projection NOT LIKE '%@rebuild' ORDER BY projection")).rows
    .map(({ projection, owner }) => ({ projection, pid: Number(owner.split(':')[1]) }));
  const caughtUp = async () => {
    const { rows } = await database.pool.query<{ behind: string }>(
      'SELECT count(*) AS behind FROM projection_checkpoints WHERE position < (SELECT coalesce(max(global_position), 0) FROM ledger_events)');
    return Number(rows[0].behind) === 0;
  };
  const eventually = async (condition: () => Promise<boolean>, what: string, timeoutMs = 60_000, state?: () => Promise<string>) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`not in time: ${what} ${state ? await state() : ''}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  beforeAll(async () => {
    database = await openTestDatabase(4);
    const settings = { DATABASE_URL: database.url, PROJECTION_POLL_INTERVAL_MS: '100', COMPLIANCE_INTERVAL_MS: '50' };
    instances = await Promise.all([startService(settings), startService(settings)]);
    school = (await request(instances[0].url).post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: 'school-meadowbank', name: 'Meadowbank Primary', kind: 'school' }).expect(201)).body.apiKey;
    for (let c = 0; c < 6; c++) {
      const registered = await request(instances[c % 2].url).post('/v1/children').set(bearer(school)).send({ dateOfBirth: '2017-05-04' }).expect(201);
      children.push(registered.body.childId);
    }
  });
  afterAll(async () => {
    await Promise.all((instances ?? []).map((instance) => instance.stop()));
    await database?.close();
  });

  it('given appends to the same children through both at once, then every acknowledged event is stored once, revisions run without gaps, and the chains verify', async () => {
    const posts = children.flatMap((childId, c) => Array.from({ length: 12 }, (_, k) => ({ childId, instance: instances[(c + k) % 2], body: concern() })));
    const responses = await Promise.all(posts.map(({ instance, childId, body }) => post(instance, childId, body)));
    expect(responses.map((response) => response.status)).toEqual(posts.map(() => 201));
    posts.forEach(({ childId, body }, i) => acknowledged.set(body.eventId, { childId, revision: responses[i].body.revision }));
    for (const childId of children) {
      const { rows } = await database.pool.query<{ event_id: string; revision: string }>('SELECT event_id, revision FROM ledger_events WHERE stream_id = $1 ORDER BY revision', [`child-${childId}`]);
      expect(rows.map((row) => Number(row.revision))).toEqual(Array.from({ length: 13 }, (_, revision) => revision));
      const mine = [...acknowledged].filter(([, where]) => where.childId === childId);
      expect(new Set(rows.slice(1).map((row) => row.event_id))).toEqual(new Set(mine.map(([eventId]) => eventId)));
      for (const [eventId, { revision }] of mine) expect(rows[revision].event_id).toBe(eventId);
    }
    const verified = await runBuilt('src/cli/main.js', ['verify', '--no-progress'], { DATABASE_URL: database.url });
    expect(verified.stdout).toContain('6 streams, 78 events checked; 0 broken');
  });

  it('runs each projection in exactly one of them, and what they built equals a rebuild from scratch', async () => {
    await eventually(caughtUp, 'projections caught up');
    const owners = await leaseOwners();
    expect(owners.map((owner) => owner.projection)).toEqual(['case-state', 'chronology', 'compliance']);
    for (const { pid } of owners) expect(instances.map((instance) => instance.pid)).toContain(pid);
    const { rows } = await database.pool.query<{ count: string }>('SELECT count(*) FROM chronology_entries');
    expect(Number(rows[0].count)).toBe(78);
    const live = await readModelSnapshot(database.pool);
    const rebuilt = await runBuilt('src/cli/main.js', ['rebuild', 'all', '--no-progress'], { DATABASE_URL: database.url }, 120_000);
    expect(rebuilt.code).toBe(0);
    expect(await readModelSnapshot(database.pool)).toEqual(live);
  });

  it('given the instance holding the chronology killed, then the other takes its projections over and applies what comes next once', async () => {
    const holderPid = (await leaseOwners()).find((owner) => owner.projection === 'chronology')!.pid;
    const holder = instances.find((instance) => instance.pid === holderPid)!;
    const survivor = instances.find((instance) => instance !== holder)!;
    await holder.kill();
    const later = Array.from({ length: 5 }, () => concern());
    for (const body of later) expect((await post(survivor, children[0], body)).status).toBe(201);
    await eventually(async () => (await leaseOwners()).every((owner) => owner.pid === survivor.pid) && (await caughtUp()),
      'the survivor holding every lease, caught up', 60_000, async () => JSON.stringify({ survivor: survivor.pid, owners: await leaseOwners(), checkpoints: (await database.pool.query('SELECT projection, position, parked_error FROM projection_checkpoints')).rows, head: (await database.pool.query('SELECT max(global_position) FROM ledger_events')).rows, log: survivor.output().slice(-3000) }));
    const { rows } = await database.pool.query<{ event_id: string }>('SELECT event_id FROM chronology_entries WHERE event_id = ANY($1)', [later.map((body) => body.eventId)]);
    expect(rows).toHaveLength(5);
    expect((await request(survivor.url).get('/health').expect(200)).body.projections.map((projection: { lagEvents: number }) => projection.lagEvents)).toEqual([0, 0, 0]);
  });
});
