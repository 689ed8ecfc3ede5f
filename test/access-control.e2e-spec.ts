import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE } from '../src/children/catalogue/event-catalogue';
import { bearer, openTestApp, reading, reviewerOf, TEST_ADMIN_KEY, type TestApp } from './setup/test-app';

// Issue 7: keys that rotate and are revoked, review assignments, the access log, and sensitive events by role.
describe('access control', () => {
  let t: TestApp;
  let school: string;
  let police: string;
  let socialCare: string;
  let auditor: string;
  let childId: string;
  let otherChildId: string;
  const sealed = randomUUID();
  const restricted = randomUUID();

  const record = (key: string, event: Record<string, unknown>) => t.http.post(`/v1/children/${childId}/events`).set(bearer(key)).send(event).expect(201);
  const accessLog = async () => (await t.http.get(`/v1/children/${childId}/access-log?limit=1000`).set(reading(auditor)).expect(200)).body.items as Array<Record<string, unknown>>;

  beforeAll(async () => {
    t = await openTestApp({ KEY_ROTATION_GRACE_SECONDS: '1' });
    school = (await t.http.post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: 'school-ac', name: 'Brookside Primary (fictional)', kind: 'school' })).body.apiKey;
    police = (await t.http.post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: 'police-ac', name: 'North Police (fictional)', kind: 'police' })).body.apiKey;
    socialCare = (await t.http.post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: 'csc-ac', name: "Children's Social Care (fictional)", kind: 'social-care' })).body.apiKey;
    auditor = (await t.http.post('/v1/principals').set(bearer(TEST_ADMIN_KEY)).send({ role: 'auditor', name: 'Auditor' })).body.apiKey;
    childId = (await t.http.post('/v1/children').set(bearer(school)).send({ nhsNumber: '9434765919', dateOfBirth: '2015-03-03' })).body.childId;
    otherChildId = (await t.http.post('/v1/children').set(bearer(school)).send({ dateOfBirth: '2016-03-03' })).body.childId;
    await record(school, { eventId: randomUUID(), type: 'ConcernRaised', occurredAt: '2026-01-05', data: EVENT_CATALOGUE.get('ConcernRaised')!.example });
    await record(police, { eventId: sealed, type: 'AllegationMade', occurredAt: '2026-01-06', sensitivity: 'sealed', data: EVENT_CATALOGUE.get('AllegationMade')!.example });
    await record(police, { eventId: restricted, type: 'ConcernRaised', occurredAt: '2026-01-07', sensitivity: 'restricted', data: EVENT_CATALOGUE.get('ConcernRaised')!.example });
    await record(socialCare, { eventId: randomUUID(), type: 'StrategyDiscussionHeld', occurredAt: '2026-01-08', data: { ...EVENT_CATALOGUE.get('StrategyDiscussionHeld')!.example as object, triggerId: sealed } });
    await t.projected();
  });
  afterAll(() => t.close());

  describe('keys', () => {
    it('given a rotation, then the new key works at once and the old one until the grace period ends, then 401; last use is shown', async () => {
      const agency = (await t.http.post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: 'housing-ac', name: 'Housing (fictional)', kind: 'housing' })).body.apiKey;
      await t.http.post('/v1/children').set(bearer(agency)).send({ dateOfBirth: '2014-01-01' }).expect(201);
      const rotated = await t.http.post('/v1/principals/housing-ac/keys').set(bearer(TEST_ADMIN_KEY)).expect(201);
      expect(rotated.body).toEqual({ keyId: expect.any(String), apiKey: expect.stringMatching(/^sclk_/), previousKeysExpireAt: expect.any(String) });
      await t.http.post('/v1/children').set(bearer(rotated.body.apiKey)).send({ dateOfBirth: '2014-01-01' }).expect(201);
      await t.http.post('/v1/children').set(bearer(agency)).send({ dateOfBirth: '2014-01-01' }).expect(201);
      await new Promise((resolve) => setTimeout(resolve, 1200));
      await t.http.post('/v1/children').set(bearer(agency)).send({ dateOfBirth: '2014-01-01' }).expect(401);
      await t.http.post('/v1/children').set(bearer(rotated.body.apiKey)).send({ dateOfBirth: '2014-01-01' }).expect(201);
      const keys = (await t.http.get('/v1/principals/housing-ac/keys').set(bearer(TEST_ADMIN_KEY)).expect(200)).body.items;
      expect(keys).toHaveLength(2);
      expect(keys[0]).toMatchObject({ expiresAt: expect.any(String), revokedAt: null, lastUsedAt: expect.any(String) });
      expect(keys[1]).toMatchObject({ keyId: rotated.body.keyId, expiresAt: null, lastUsedAt: expect.any(String) });
      expect(JSON.stringify(keys)).not.toContain('sclk_');
    });

    it('given a revocation, then the key is refused at once; an unknown key or principal is 404', async () => {
      const reviewer = (await t.http.post('/v1/principals').set(bearer(TEST_ADMIN_KEY)).send({ role: 'reviewer', name: 'Leaving reviewer' })).body;
      await t.http.post('/v1/children/search').set(reading(reviewer.apiKey)).send({ nhsNumber: '9434765919' }).expect(200);
      const [{ keyId }] = (await t.http.get(`/v1/principals/${reviewer.id}/keys`).set(bearer(TEST_ADMIN_KEY))).body.items;
      await t.http.delete(`/v1/principals/${reviewer.id}/keys/${keyId}`).set(bearer(TEST_ADMIN_KEY)).expect(204);
      await t.http.post('/v1/children/search').set(reading(reviewer.apiKey)).send({ nhsNumber: '9434765919' }).expect(401);
      expect((await t.http.delete(`/v1/principals/${reviewer.id}/keys/${randomUUID()}`).set(bearer(TEST_ADMIN_KEY)).expect(404)).body.code).toBe('KEY.NOT_FOUND');
      expect((await t.http.post(`/v1/principals/${randomUUID()}/keys`).set(bearer(TEST_ADMIN_KEY)).expect(404)).body.code).toBe('PRINCIPAL.NOT_FOUND');
    });
  });

  describe('review assignments', () => {
    it('given bad assignments, then 400 names each field and nothing is assigned', async () => {
      const reviewer = (await t.http.post('/v1/principals').set(bearer(TEST_ADMIN_KEY)).send({ role: 'reviewer', name: 'R' })).body;
      const past = { reviewerId: reviewer.id, childIds: [childId], purpose: 'Review', expiresAt: '2020-01-01T00:00:00Z' };
      expect((await t.http.post('/v1/reviews').set(bearer(TEST_ADMIN_KEY)).send(past).expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'expiresAt' })]);
      const future = new Date(Date.now() + 86_400_000).toISOString();
      const unknown = { reviewerId: randomUUID(), childIds: [childId, randomUUID()], purpose: 'Review', expiresAt: future };
      const fields = (await t.http.post('/v1/reviews').set(bearer(TEST_ADMIN_KEY)).send(unknown).expect(400)).body.errors.map((error: { field: string }) => error.field);
      expect(fields).toEqual(['reviewerId', 'childIds[1]']);
      await t.http.post('/v1/reviews').set(bearer(TEST_ADMIN_KEY)).send({ ...unknown, reviewerId: reviewer.id, childIds: [] }).expect(400);
      await t.http.get(`/v1/children/${childId}/chronology`).set(reading(reviewer.apiKey)).expect(403);
    });

    it('given an assignment, then the reviewer reads that child and no other', async () => {
      const reviewer = await reviewerOf(t, [childId]);
      await t.http.get(`/v1/children/${childId}/chronology`).set(reading(reviewer)).expect(200);
      await t.http.get(`/v1/compliance/findings?childId=${childId}`).set(reading(reviewer)).expect(200);
      const refused = await t.http.get(`/v1/children/${otherChildId}/chronology`).set(reading(reviewer)).expect(403);
      expect(refused.body.code).toBe('AUTH.NOT_ASSIGNED');
      await t.http.get(`/v1/compliance/findings?childId=${otherChildId}`).set(reading(reviewer)).expect(403);
      await t.http.get(`/v1/children/${otherChildId}/events`).set(reading(reviewer)).expect(403);
    });
  });

  describe('the access log', () => {
    it('given each read of the child, then exactly one entry with who, role, agency, what and why', async () => {
      const reviewer = await reviewerOf(t, [childId], 'Log reviewer');
      const reads: Array<[string, () => Promise<unknown>, Record<string, unknown>]> = [
        ['chronology', () => t.http.get(`/v1/children/${childId}/chronology`).set(reading(reviewer)).expect(200), { role: 'reviewer' }],
        ['chronology', () => t.http.get(`/v1/children/${childId}/chronology?format=csv`).set(reading(reviewer)).expect(200), { role: 'reviewer', detail: { export: 'csv' } }],
        ['chronology', () => t.http.get(`/v1/children/${childId}/chronology?asOf=2026-01-06`).set(reading(auditor)).expect(200), { role: 'auditor', detail: { asOf: '2026-01-06' } }],
        ['chronology', () => t.http.get(`/v1/children/${childId}/chronology`).set(bearer(school)).expect(200), { role: 'agency', agencyId: 'school-ac', purpose: null }],
        ['raw-events', () => t.http.get(`/v1/children/${childId}/events`).set(reading(reviewer)).expect(200), { role: 'reviewer' }],
        ['integrity', () => t.http.get(`/v1/children/${childId}/integrity`).set(reading(auditor)).expect(200), { role: 'auditor' }],
        ['case-state', () => t.http.get(`/v1/children/${childId}/case-state`).set(reading(reviewer)).expect(200), { role: 'reviewer' }],
        ['patterns', () => t.http.get(`/v1/children/${childId}/patterns`).set(reading(reviewer)).expect(200), { role: 'reviewer' }],
        ['findings', () => t.http.get(`/v1/compliance/findings?childId=${childId}`).set(reading(auditor)).expect(200), { role: 'auditor' }],
        ['search', () => t.http.post('/v1/children/search').set(reading(reviewer)).send({ nhsNumber: '9434765919' }).expect(200), { role: 'reviewer', detail: { by: 'nhsNumber', found: true } }],
      ];
      for (const [action, read, expected] of reads) {
        const before = await accessLog();
        await read();
        const after = await accessLog();
        // One new entry for the read (and one for the auditor's look at the log just before it).
        const added = after.filter((entry) => !before.some((old) => old.id === entry.id) && entry.action !== 'access-log');
        expect(added).toEqual([expect.objectContaining({ action, childId, purpose: 'serious case review (test)', at: expect.any(String), principalId: expect.any(String), ...expected })]);
      }
    });

    it('given a search that finds nothing, then it is logged too, without the identifier searched for', async () => {
      const reviewer = await reviewerOf(t, [childId], 'Searcher');
      await t.http.post('/v1/children/search').set(reading(reviewer)).send({ nhsNumber: '4010232137' }).expect(404);
      const { rows } = await t.database.pool.query("SELECT child_id, detail::text FROM access_log WHERE action = 'search' AND detail->>'found' = 'false'");
      expect(rows).toEqual([{ child_id: null, detail: expect.stringContaining('nhsNumber') }]);
      expect(rows[0].detail).not.toContain('4010232137');
    });

    it('given reads across children and a registration that names an existing child, then each child read is logged', async () => {
      await t.http.get('/v1/agencies/school-ac/history?limit=1000').set(bearer(school)).expect(200);
      const { rows } = await t.database.pool.query("SELECT DISTINCT child_id FROM access_log WHERE action = 'agency-history' AND agency_id = 'school-ac'");
      expect(rows.map((row) => row.child_id).sort()).toEqual(expect.arrayContaining([childId, otherChildId].sort()));
      await t.http.post('/v1/children').set(bearer(police)).send({ nhsNumber: '9434765919', dateOfBirth: '2015-03-03' }).expect(409);
      const logged = await t.database.pool.query("SELECT child_id, agency_id FROM access_log WHERE action = 'search' AND detail->>'by' = 'registration'");
      expect(logged.rows).toEqual([{ child_id: childId, agency_id: 'police-ac' }]);
    });

    it('is append-only: the database refuses to change or delete an entry', async () => {
      await expect(t.database.pool.query('UPDATE access_log SET purpose = $1', ['covering tracks'])).rejects.toThrow(/append-only/);
      await expect(t.database.pool.query('DELETE FROM access_log')).rejects.toThrow(/append-only/);
    });
  });

  describe('sensitive events, by role', () => {
    it('given a sealed and a restricted event by the police, then reviewers and auditors see them in full, another agency sees the restricted one withheld and no trace of the sealed one, the author sees both', async () => {
      const reviewer = await reviewerOf(t, [childId], 'Sensitive reviewer');
      const items = async (headers: Record<string, string>) => (await t.http.get(`/v1/children/${childId}/chronology`).set(headers).expect(200)).body.items as Array<{ eventId: string; summary: string }>;
      for (const headers of [reading(reviewer), reading(auditor), bearer(police)]) {
        const seen = await items(headers);
        expect(seen.map((item) => item.eventId)).toEqual(expect.arrayContaining([sealed, restricted]));
        expect(seen.find((item) => item.eventId === restricted)!.summary).not.toMatch(/withheld/);
      }
      const school_ = await t.http.get(`/v1/children/${childId}/chronology`).set(bearer(school)).expect(200);
      expect(JSON.stringify(school_.body)).not.toContain(sealed);
      expect(school_.body.items.find((item: { eventId: string }) => item.eventId === restricted).summary).toMatch(/withheld/);
      expect(school_.body.items.length).toBe((await items(bearer(police))).length - 1);
      const strategy = (await items(bearer(police))).find((item) => (item as { type?: string }).type === 'StrategyDiscussionHeld') as unknown as { relatedEvents: string[] };
      expect(strategy.relatedEvents).toContain(sealed); // the author sees the link…
      expect(JSON.stringify(school_.body)).not.toContain(sealed); // …another agency not even that
    });

    it("given another agency's sealed event, then a correction or change of sensitivity pointing at it is refused as if it were not there; at a restricted one, as not the agency's own", async () => {
      const correction = (target: string) => ({ eventId: randomUUID(), type: 'RecordCorrected', occurredAt: '2026-01-09', data: { correctedEventId: target, fields: [{ path: 'description', value: 'x' }], reason: 'Typo.' } });
      const atSealed = await t.http.post(`/v1/children/${childId}/events`).set(bearer(school)).send(correction(sealed)).expect(400);
      const atUnknown = await t.http.post(`/v1/children/${childId}/events`).set(bearer(school)).send(correction(randomUUID())).expect(400);
      expect({ ...atSealed.body, instance: undefined, eventId: undefined }).toEqual({ ...atUnknown.body, instance: undefined, eventId: undefined }); // the same answer, but for the id of the event sent
      expect(atSealed.body.code).toBe('CHILD.REFERENCE_NOT_IN_STREAM');
      expect((await t.http.post(`/v1/children/${childId}/events`).set(bearer(school)).send(correction(restricted)).expect(403)).body.code).toBe('CHILD.NOT_THE_RECORDING_AGENCY');
    });

    it("given another agency's sealed event, then the revisions an agency is told, sends and gets in a conflict close over it; the author and reviewers see the stream's own", async () => {
      const child = (await t.http.post('/v1/children').set(bearer(school)).send({ dateOfBirth: '2017-07-07' })).body.childId;
      const concern = () => ({ eventId: randomUUID(), type: 'ConcernRaised', occurredAt: '2026-02-01', data: EVENT_CATALOGUE.get('ConcernRaised')!.example });
      const post = (key: string, body: Record<string, unknown>) => t.http.post(`/v1/children/${child}/events`).set(bearer(key)).send(body);
      expect((await post(school, concern()).expect(201)).body.revision).toBe(1);
      expect((await post(police, { ...concern(), type: 'AllegationMade', sensitivity: 'sealed', data: EVENT_CATALOGUE.get('AllegationMade')!.example }).expect(201)).body.revision).toBe(2);
      const next = concern();
      expect((await post(school, next).expect(201)).body.revision).toBe(2); // the stream's revision 3
      expect((await post(school, next).expect(200)).body.revision).toBe(2); // a retry: the same answer
      const atTwo = { ...concern(), expectedRevision: 2 };
      expect((await post(school, atTwo).expect(201)).body.revision).toBe(3);
      expect((await post(school, atTwo).expect(200)).body.revision).toBe(3); // a retry with its expected revision: the original answer
      const conflict = await post(school, { ...concern(), expectedRevision: 2 }).expect(409);
      expect(conflict.body).toMatchObject({ code: 'LEDGER.VERSION_CONFLICT', expectedRevision: 2, actualRevision: 3 });
      expect(conflict.body.title).toBe(`Stream child-${child} expected revision 2 but is at 3`);
      expect(JSON.stringify(conflict.body)).not.toContain('"4"');
      expect((await post(police, { ...concern(), expectedRevision: 4 }).expect(201)).body.revision).toBe(5);
      const batch = await t.http.post(`/v1/children/${child}/events/batch`).set(bearer(school)).send({ events: [concern(), concern()], expectedRevision: 4 }).expect(201);
      expect(batch.body.items.map((item: { revision: number }) => item.revision)).toEqual([5, 6]);
      const reviewer = await reviewerOf(t, [child], 'Revision reviewer');
      const raw = (await t.http.get(`/v1/children/${child}/events`).set(reading(reviewer)).expect(200)).body.items.map((item: { revision: number }) => item.revision);
      expect(raw).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      await t.projected();
      const history = (await t.http.get('/v1/agencies/school-ac/history?limit=1000').set(bearer(school)).expect(200)).body.items as Array<Record<string, unknown>>;
      expect(history.length).toBeGreaterThan(0);
      expect(history.every((item) => !('revision' in item))).toBe(true);
    });

    it("given a sealed and a restricted event, then the case state another agency reads leaves both out, and shows no revision", async () => {
      const reviewer = await reviewerOf(t, [childId], 'Counting reviewer');
      const full = (await t.http.get(`/v1/children/${childId}/case-state`).set(reading(reviewer)).expect(200)).body;
      const school_ = (await t.http.get(`/v1/children/${childId}/case-state`).set(bearer(school)).expect(200)).body;
      const author = (await t.http.get(`/v1/children/${childId}/case-state`).set(bearer(police)).expect(200)).body;
      expect(full.revision).toEqual(expect.any(Number));
      expect(school_.state.counts.events).toBe(full.state.counts.events - 2); // another agency's sealed event, and its restricted one
      expect(school_.state.counts.concerns).toBe(full.state.counts.concerns - 1);
      expect(author.state.counts.events).toBe(full.state.counts.events);
      expect('revision' in school_ || 'revision' in author).toBe(false);
      expect(JSON.stringify(school_)).not.toContain(sealed);
    });
  });
});
