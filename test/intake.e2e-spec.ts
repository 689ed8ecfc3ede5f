import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE } from '../src/children/catalogue/event-catalogue';
import { bearer, openTestApp, reading, reviewerOf, TEST_ADMIN_KEY, type TestApp } from './setup/test-app';

describe('intake for agency systems', () => {
  let t: TestApp;
  let school: string;
  let reviewer: string;
  let childId: string;

  const eventCount = async () => Number((await t.database.pool.query('SELECT count(*) FROM ledger_events')).rows[0].count);
  const concern = (overrides: Record<string, unknown> = {}) => ({
    eventId: randomUUID(), type: 'ConcernRaised', occurredAt: '2026-01-12T09:30:00Z', data: EVENT_CATALOGUE.get('ConcernRaised')!.example, ...overrides,
  });

  beforeAll(async () => {
    t = await openTestApp();
    school = (await t.http.post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: 'school-meadowbank', name: 'Meadowbank Primary', kind: 'school' })).body.apiKey;
    const registered = await t.http.post('/v1/children').set(bearer(school)).send({ nhsNumber: '9434765919', dateOfBirth: '2017-05-04', localIds: [{ agency: 'school-meadowbank', id: 'UPN-1' }] }).expect(201);
    childId = registered.body.childId;
    reviewer = await reviewerOf(t, [childId]);
  });
  afterAll(() => t.close());

  describe('registering and finding children', () => {
    it('given a registered NHS number, when registered again, then 409 with the existing child id', async () => {
      const again = await t.http.post('/v1/children').set(bearer(school)).send({ nhsNumber: '9434765919', dateOfBirth: '2017-05-04' }).expect(409);
      expect(again.body).toMatchObject({ code: 'CHILD.ALREADY_REGISTERED', childId });
    });

    it('starts the stream with ChildRegistered at revision 0, recorded as the registering agency', async () => {
      const stream = await t.http.get(`/v1/children/${childId}/events`).set(reading(reviewer)).expect(200);
      expect(stream.body.items[0]).toMatchObject({ revision: 0, type: 'ChildRegistered', data: { nhsNumber: '9434765919' }, metadata: { agencyId: 'school-meadowbank' } });
    });

    it.each([
      ['neither a date of birth nor an expected delivery date', { nhsNumber: '4010232137' }, 'dateOfBirth'],
      ['a bad NHS number', { nhsNumber: '9434765918', dateOfBirth: '2017-05-04' }, 'nhsNumber'],
    ])('refuses a registration with %s', async (_what, body, field) => {
      const response = await t.http.post('/v1/children').set(bearer(school)).send(body).expect(400);
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('registers an unborn child with an expected delivery date', async () => {
      await t.http.post('/v1/children').set(bearer(school)).send({ expectedDeliveryDate: '2026-12-01' }).expect(201);
    });

    it('finds a child by NHS number or local id, and answers 404 for an unknown one', async () => {
      expect((await t.http.post('/v1/children/search').set(reading(reviewer)).send({ nhsNumber: '9434765919' }).expect(200)).body).toEqual({ childId });
      expect((await t.http.post('/v1/children/search').set(bearer(school)).send({ localId: { agency: 'school-meadowbank', id: 'UPN-1' } }).expect(200)).body).toEqual({ childId });
      await t.http.post('/v1/children/search').set(bearer(school)).send({ nhsNumber: '4010232137' }).expect(404);
    });

    it("refuses another agency's local ids, and keeps agency-local ids from colliding", async () => {
      const foreign = await t.http.post('/v1/children').set(bearer(school)).send({ dateOfBirth: '2017-05-04', localIds: [{ agency: 'police-north', id: 'P-1' }] }).expect(400);
      expect(foreign.body.errors).toEqual([expect.objectContaining({ field: 'localIds.0.agency' })]);
      await t.http.post('/v1/children').set(bearer(school)).send({ dateOfBirth: '2017-05-04', localIds: [{ agency: 'school-meadowbank', id: 'a/b' }] }).expect(201);
    });

    it('given an NHS number issued at birth to one child, then no other child can be registered or born with it', async () => {
      const unborn = (await t.http.post('/v1/children').set(bearer(school)).send({ expectedDeliveryDate: '2026-12-01' }).expect(201)).body.childId;
      const born = { eventId: randomUUID(), type: 'ChildBorn', occurredAt: '2026-02-01', data: { dateOfBirth: '2026-02-01', nhsNumber: '4010232137' } };
      await t.http.post(`/v1/children/${unborn}/events`).set(bearer(school)).send(born).expect(201);
      const twin = await t.http.post('/v1/children').set(bearer(school)).send({ nhsNumber: '4010232137', dateOfBirth: '2026-02-01' }).expect(409);
      expect(twin.body).toMatchObject({ code: 'CHILD.ALREADY_REGISTERED', childId: unborn });
      const other = await t.http.post(`/v1/children/${childId}/events`).set(bearer(school)).send({ ...born, eventId: randomUUID() }).expect(409);
      expect(other.body).toMatchObject({ code: 'CHILD.ALREADY_REGISTERED', childId: unborn });
    });

    it('lets only agencies register', async () => {
      await t.http.post('/v1/children').set(reading(reviewer)).send({ dateOfBirth: '2017-05-04' }).expect(403);
      await t.http.post('/v1/children').send({ dateOfBirth: '2017-05-04' }).expect(401);
    });
  });

  describe('recording events', () => {
    it('accepts a valid example of every live event type and reads each back identical', async () => {
      const live = [...EVENT_CATALOGUE.values()].filter((definition) => definition.intake === 'live');
      const posted: Array<{ eventId: string; data: unknown }> = [];
      for (const definition of live) {
        const body = { eventId: randomUUID(), type: definition.type, occurredAt: '2026-02-01', data: definition.example };
        if (definition.type === 'RecordCorrected') body.data = { ...definition.example, correctedEventId: posted[0].eventId };
        if (definition.type === 'SensitivityChanged') body.data = { ...definition.example, eventId: posted[0].eventId };
        const response = await t.http.post(`/v1/children/${childId}/events`).set(bearer(school)).send(body).expect(201);
        expect(response.body).toEqual({ eventId: body.eventId, revision: expect.any(Number), position: expect.any(Number), recordedAt: expect.any(String), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
        posted.push({ eventId: body.eventId, data: body.data });
      }
      const stream = await t.http.get(`/v1/children/${childId}/events?limit=1000`).set(reading(reviewer)).expect(200);
      const byId = new Map(stream.body.items.map((item: { eventId: string; data: unknown }) => [item.eventId, item.data]));
      for (const { eventId, data } of posted) expect(byId.get(eventId)).toEqual(data);
      expect((await t.http.get(`/v1/children/${childId}/integrity`).set(reading(reviewer)).expect(200)).body).toMatchObject({ valid: true, events: posted.length + 1 });
    });

    it('given the same event sent again, then 200 with the original result; with other content, 409', async () => {
      const body = concern();
      const first = await t.http.post(`/v1/children/${childId}/events`).set(bearer(school)).send(body).expect(201);
      const again = await t.http.post(`/v1/children/${childId}/events`).set(bearer(school)).send(body).expect(200);
      expect(again.body).toEqual(first.body);
      const changed = await t.http.post(`/v1/children/${childId}/events`).set(bearer(school)).send({ ...body, occurredAt: '2026-01-13' }).expect(409);
      expect(changed.body).toMatchObject({ code: 'LEDGER.IDEMPOTENCY_MISMATCH' });
    });

    it('answers 409 for a revision conflict in the body and 412 for one in If-Match', async () => {
      const conflict = await t.http.post(`/v1/children/${childId}/events`).set(bearer(school)).send(concern({ expectedRevision: 1 })).expect(409);
      expect(conflict.body).toMatchObject({ code: 'LEDGER.VERSION_CONFLICT', expectedRevision: 1, actualRevision: expect.any(Number) });
      const precondition = await t.http.post(`/v1/children/${childId}/events`).set(bearer(school)).set('If-Match', '"1"').send(concern()).expect(412);
      expect(precondition.body).toMatchObject({ code: 'LEDGER.PRECONDITION_FAILED' });
    });

    it('answers 404 for an unknown child and stores nothing', async () => {
      const before = await eventCount();
      await t.http.post(`/v1/children/${randomUUID()}/events`).set(bearer(school)).send(concern()).expect(404);
      await t.http.post('/v1/children/not-a-uuid/events').set(bearer(school)).send(concern()).expect(404);
      expect(await eventCount()).toBe(before);
    });

    it('given a batch with one bad event, then 400 naming it and nothing stored; a good batch is stored whole', async () => {
      const before = await eventCount();
      const bad = await t.http.post(`/v1/children/${childId}/events/batch`).set(bearer(school)).send({ events: [concern(), concern({ occurredAt: '2099-01-01' })] }).expect(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'events.1.occurredAt' })]);
      expect(await eventCount()).toBe(before);
      const good = await t.http.post(`/v1/children/${childId}/events/batch`).set(bearer(school)).send({ events: [concern(), concern()] }).expect(201);
      expect(good.body.items).toHaveLength(2);
      expect(good.body.items[1].revision).toBe(good.body.items[0].revision + 1);
    });

    it('takes the agency from the key, never from the body, and keeps the correlation id', async () => {
      const body = concern();
      await t.http.post(`/v1/children/${childId}/events`).set(bearer(school)).set('X-Correlation-Id', 'req-42').send(body).expect(201).expect('X-Correlation-Id', 'req-42');
      const stream = await t.http.get(`/v1/children/${childId}/events?limit=1000`).set(reading(reviewer)).expect(200);
      expect(stream.body.items.find((item: { eventId: string }) => item.eventId === body.eventId).metadata).toMatchObject({ agencyId: 'school-meadowbank', correlationId: 'req-42' });
      const spoofed = await t.http.post(`/v1/children/${childId}/events`).set(bearer(school)).send({ ...concern(), agencyId: 'police-north' }).expect(400);
      expect(spoofed.body.errors).toEqual([expect.objectContaining({ field: 'agencyId' })]);
    });

    it("lets only the recording agency correct or unseal an event", async () => {
      const police = (await t.http.post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: 'police-x', name: 'Police', kind: 'police' })).body.apiKey;
      const allegation = { eventId: randomUUID(), type: 'AllegationMade', occurredAt: '2026-02-02', sensitivity: 'sealed', data: EVENT_CATALOGUE.get('AllegationMade')!.example };
      await t.http.post(`/v1/children/${childId}/events`).set(bearer(police)).send(allegation).expect(201);
      const unseal = { eventId: randomUUID(), type: 'SensitivityChanged', occurredAt: '2026-02-03', data: { eventId: allegation.eventId, sensitivity: 'normal', reason: 'Not ours to say.' } };
      // Another agency's sealed event is, to the school, not there at all (a 403 would betray it).
      const refused = await t.http.post(`/v1/children/${childId}/events`).set(bearer(school)).send(unseal).expect(400);
      expect(refused.body).toMatchObject({ code: 'CHILD.REFERENCE_NOT_IN_STREAM' });
      await t.http.post(`/v1/children/${childId}/events`).set(bearer(police)).send({ ...unseal, eventId: randomUUID() }).expect(201);
    });

    it('asks reviewers for the purpose of every read of a child (X-Purpose), and agencies for none when searching', async () => {
      const missing = await t.http.get(`/v1/children/${childId}/events`).set(bearer(reviewer)).expect(400);
      expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'X-Purpose' })]);
      await t.http.get(`/v1/children/${childId}/integrity`).set(bearer(reviewer)).expect(400);
      await t.http.post('/v1/children/search').set(bearer(reviewer)).send({ nhsNumber: '9434765919' }).expect(400);
      await t.http.post('/v1/children/search').set(bearer(school)).send({ nhsNumber: '9434765919' }).expect(200);
    });

    it('keeps reading to reviewers and auditors, and writing to agencies', async () => {
      await t.http.get(`/v1/children/${childId}/events`).set(bearer(school)).expect(403);
      await t.http.post(`/v1/children/${childId}/events`).set(reading(reviewer)).send(concern()).expect(403);
    });
  });

  describe('bad requests', () => {
    it('answers malformed JSON with 400 problem+json', async () => {
      const response = await t.http.post(`/v1/children/${childId}/events`).set(bearer(school)).set('Content-Type', 'application/json').send('{"eventId": ').expect(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    });

    it('takes a body of 200 KB (under the 256 KB limit)', async () => {
      await t.http.post(`/v1/children/${childId}/events`).set(bearer(school)).send(concern({ data: { ...EVENT_CATALOGUE.get('ConcernRaised')!.example, description: 'x'.repeat(19_000) }, author: { id: 'a', role: 'r'.repeat(150) } })).expect(201);
      const big = await t.http.post(`/v1/children/${childId}/events/batch`).set(bearer(school)).send({ events: Array.from({ length: 10 }, () => concern({ data: { ...EVENT_CATALOGUE.get('ConcernRaised')!.example, description: 'y'.repeat(19_000) } })) }).expect(201);
      expect(big.body.items).toHaveLength(10);
    });

    it('answers a body over 256 KB with 413', async () => {
      const response = await t.http.post(`/v1/children/${childId}/events`).set(bearer(school)).send(concern({ data: { description: 'x'.repeat(300_000) } })).expect(413);
      expect(response.headers['content-type']).toContain('application/problem+json');
    });

    it('answers a body that is not JSON with 415', async () => {
      const response = await t.http.post(`/v1/children/${childId}/events`).set(bearer(school)).set('Content-Type', 'text/plain').send('hello').expect(415);
      expect(response.body).toMatchObject({ code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE' });
    });

    it.each([
      ['null', 'null'],
      ['a list', '[]'],
      ['a number', '7'],
    ])('answers a registration whose body is %s with 400, not 500', async (_what, body) => {
      const response = await t.http.post('/v1/children').set(bearer(school)).set('Content-Type', 'application/json').send(body).expect(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'body' })]);
    });

    it('answers JSON nested 1,000 deep with 400, not 500', async () => {
      const deep = '{"householdId":"h1","dateOfBirth":"2017-01-01","x":' + '['.repeat(1000) + ']'.repeat(1000) + '}';
      const response = await t.http.post('/v1/children').set(bearer(school)).set('Content-Type', 'application/json').send(deep).expect(400);
      expect(response.body).toMatchObject({ code: 'REQUEST.MALFORMED' });
    });

    it('refuses an author or source that is not an object, and expectedRevision "no_stream" for a registered child', async () => {
      await t.http.post(`/v1/children/${childId}/events`).set(bearer(school)).send(concern({ author: [] })).expect(400);
      await t.http.post(`/v1/children/${childId}/events`).set(bearer(school)).send(concern({ source: 'school-mis' })).expect(400);
      await t.http.post(`/v1/children/${randomUUID()}/events`).set(bearer(school)).send(concern({ expectedRevision: 'no_stream' })).expect(400);
    });

    it('accepts the bearer scheme in any case', async () => {
      await t.http.post('/v1/children/search').set('Authorization', `bearer ${school}`).send({ nhsNumber: '9434765919' }).expect(200);
    });
  });
});

describe('linking duplicate records', () => {
  let t: TestApp;
  let school: string;
  let reviewer: string;
  beforeAll(async () => {
    t = await openTestApp();
    school = (await t.http.post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: 'school-dup', name: 'D', kind: 'school' })).body.apiKey;
  });
  afterAll(() => t.close());

  it('given two records of one child, when the admin links them, then both streams say so; a missing child links nothing', async () => {
    const first = (await t.http.post('/v1/children').set(bearer(school)).send({ dateOfBirth: '2016-02-02' }).expect(201)).body.childId;
    const second = (await t.http.post('/v1/children').set(bearer(school)).send({ dateOfBirth: '2016-02-02' }).expect(201)).body.childId;
    await t.http.post(`/v1/children/${first}/duplicates`).set(bearer(school)).send({ otherChildId: second, reason: 'Same child.' }).expect(403);
    await t.http.post(`/v1/children/${first}/duplicates`).set(bearer(TEST_ADMIN_KEY)).send({ otherChildId: randomUUID(), reason: 'Typo.' }).expect(404);
    reviewer = await reviewerOf(t, [first, second]);
    expect((await t.http.get(`/v1/children/${first}/events`).set(reading(reviewer))).body.items).toHaveLength(1);
    const linked = await t.http.post(`/v1/children/${first}/duplicates`).set(bearer(TEST_ADMIN_KEY)).send({ otherChildId: second, reason: 'Same child, registered twice.' }).expect(201);
    expect(linked.body.items).toHaveLength(2);
    for (const [childId, other] of [[first, second], [second, first]]) {
      const stream = (await t.http.get(`/v1/children/${childId}/events`).set(reading(reviewer))).body.items;
      expect(stream[1]).toMatchObject({ type: 'DuplicateRecordsLinked', data: { otherChildId: other } });
    }
  });
});
