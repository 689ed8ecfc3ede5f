import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import request from 'supertest';
import { EVENT_CATALOGUE } from '../src/children/catalogue/event-catalogue';
import { createOwnPostgres, describeWithOwnPostgres, type OwnPostgres } from './setup/own-postgres';
import { startService, type ServiceProcess } from './setup/service-process';
import { bearer, reading, TEST_ADMIN_KEY } from './setup/test-app';

const concern = () => ({ eventId: randomUUID(), type: 'ConcernRaised', occurredAt: '2026-01-12T09:30:00Z', data: EVENT_CATALOGUE.get('ConcernRaised')!.example });

// Read replicas for queries (issue 9, docs/scaling.md): a primary and a streaming replica of the
// test's own (initdb and pg_basebackup on free ports), the service writing to one and querying the other.
describeWithOwnPostgres('queries of the read models on a read replica (DATABASE_READ_URL)', () => {
  let primary: OwnPostgres;
  let replica: OwnPostgres;
  let service: ServiceProcess;
  let school: string;
  let reviewer: string;
  let childId: string;
  const chronologyIds = async () => {
    const response = await request(service.url).get(`/v1/children/${childId}/chronology?limit=500`).set(reading(reviewer));
    return response.status === 200 ? (response.body.items as Array<{ eventId: string }>).map((item) => item.eventId) : [];
  };
  const eventually = async (condition: () => Promise<boolean>, what: string) => {
    const deadline = Date.now() + 30_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`not in time: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  beforeAll(async () => {
    primary = await createOwnPostgres();
    replica = await createOwnPostgres({ replicaOf: primary });
    service = await startService({ DATABASE_URL: primary.url, DATABASE_READ_URL: replica.url, PROJECTION_POLL_INTERVAL_MS: '100' });
    school = (await request(service.url).post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: 'school-meadowbank', name: 'Meadowbank Primary', kind: 'school' }).expect(201)).body.apiKey;
    childId = (await request(service.url).post('/v1/children').set(bearer(school)).send({ dateOfBirth: '2017-05-04' }).expect(201)).body.childId;
    const created = await request(service.url).post('/v1/principals').set(bearer(TEST_ADMIN_KEY)).send({ role: 'reviewer', name: 'Panel reviewer' }).expect(201);
    await request(service.url).post('/v1/reviews').set(bearer(TEST_ADMIN_KEY))
      .send({ reviewerId: created.body.id, childIds: [childId], purpose: 'serious case review (test)', expiresAt: new Date(Date.now() + 86_400_000).toISOString() }).expect(201);
    reviewer = created.body.apiKey;
  });
  afterAll(async () => {
    await service?.stop();
    await replica?.destroy();
    await primary?.destroy();
  });

  it('given events recorded on the primary, then the chronology read from the replica shows them, and /health names the replica', async () => {
    const posted = [concern(), concern(), concern()];
    for (const body of posted) await request(service.url).post(`/v1/children/${childId}/events`).set(bearer(school)).send(body).expect(201);
    await eventually(async () => {
      const ids = await chronologyIds();
      return ids.length === 4 && posted.every((body) => ids.includes(body.eventId));
    }, 'the chronology on the replica');
    expect((await request(service.url).get('/health').expect(200)).body).toMatchObject({ status: 'ok', readReplica: { status: 'up' } });
  });

  it('given the replica down, then chronology queries answer 503 at once while events are still recorded, and they come back with it', async () => {
    await replica.stop('immediate');
    const started = Date.now();
    const refused = await request(service.url).get(`/v1/children/${childId}/chronology`).set(reading(reviewer)).expect(503);
    expect(Date.now() - started).toBeLessThan(10_000); // a bound against hanging, not a speed target
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'LEDGER.UNAVAILABLE' });
    expect((await request(service.url).get('/health').expect(200)).body).toMatchObject({ status: 'degraded', readReplica: { status: 'down' } });
    const later = concern();
    await request(service.url).post(`/v1/children/${childId}/events`).set(bearer(school)).send(later).expect(201);
    await replica.start();
    await eventually(async () => (await chronologyIds()).includes(later.eventId), 'the chronology back on the replica, with the event recorded meanwhile');
  });
});
