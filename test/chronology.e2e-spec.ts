import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { bearer, openTestApp, reading, reviewerOf, TEST_ADMIN_KEY, type TestApp } from './setup/test-app';

describe('the child chronology over HTTP', () => {
  let t: TestApp;
  const keys: Record<string, string> = {};
  let childId: string;
  const ids: Record<string, string> = {};
  const post = (agency: string, type: string, occurredAt: string, data: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    const eventId = randomUUID();
    return t.http.post(`/v1/children/${childId}/events`).set(bearer(keys[agency])).send({ eventId, type, occurredAt, data, ...extra }).then((response) => { if (response.status !== 201) throw new Error(JSON.stringify(response.body)); return eventId; });
  };
  const chronology = (key: string, query = '') => t.http.get(`/v1/children/${childId}/chronology${query}`).set(reading(key));

  beforeAll(async () => {
    t = await openTestApp();
    const agency = async (id: string, name: string, kind: string) => {
      keys[id] = (await t.http.post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id, name, kind })).body.apiKey;
    };
    await agency('school-c', 'Meadowbank Primary', 'school');
    await agency('police-c', 'Northshire Police', 'police');
    await agency('health-c', 'Health Visiting', 'health');
    await agency('housing-c', 'Housing Options', 'housing');
    childId = (await t.http.post('/v1/children').set(bearer(keys['school-c'])).send({ dateOfBirth: '2016-05-01' })).body.childId;
    keys.reviewer = await reviewerOf(t, [childId]);
    ids.concern = await post('school-c', 'ConcernRaised', '2026-03-02', { categories: ['neglect'], description: 'Arrived hungry.', immediateAction: 'Breakfast given.', referred: true });
    ids.referral = await post('school-c', 'ReferralMade', '2026-03-03T10:15:00Z', { fromAgency: 'school-c', toAgency: 'csc-c', route: 'mash', concernIds: [ids.concern], familyInformed: true });
    ids.allegation = await post('police-c', 'AllegationMade', '2026-03-01', { about: 'household-member', abuseType: 'sexual', disclosedTo: 'teacher' }, { sensitivity: 'sealed' });
    ids.visit = await post('health-c', 'VisitCompleted', '2026-03-04', { statutory: false, childSeen: true, childSeenAlone: true }, { sensitivity: 'restricted' });
    ids.correction = await post('school-c', 'RecordCorrected', '2026-03-05', { correctedEventId: ids.concern, fields: [{ path: 'description', value: '"Arrived hungry and cold."' }], reason: 'Detail added.' });
    await t.projected();
  });
  afterAll(() => t.close());

  // The child was registered today, after the events it records happened: it sorts last.
  it('given events from several agencies, when a reviewer reads it, then rows are in occurredAt order with a correction folded into the row it corrects', async () => {
    const { body } = await chronology(keys.reviewer).expect(200);
    expect(body).toMatchObject({ childId, asOf: null, nextCursor: null });
    expect(body.items.map((item: { type: string }) => item.type)).toEqual(['AllegationMade', 'ConcernRaised', 'ReferralMade', 'VisitCompleted', 'ChildRegistered']);
    const concern = body.items.find((item: { eventId: string }) => item.eventId === ids.concern);
    expect(concern).toMatchObject({
      agencyId: 'school-c', agencyName: 'Meadowbank Primary', occurredAt: '2026-03-02', occurredAtPrecision: 'date', provenance: 'live',
      significance: 'concern', sensitivity: 'normal', correctedBy: [ids.correction],
      corrections: [{ eventId: ids.correction, reason: 'Detail added.', fields: [{ path: 'description', previousValue: 'Arrived hungry.', value: 'Arrived hungry and cold.' }] }],
    });
    expect(concern.summary).toContain('Arrived hungry and cold.');
    expect(typeof concern.recordingLag).toBe('number');
    const referral = body.items.find((item: { eventId: string }) => item.eventId === ids.referral);
    expect(referral.relatedEvents).toEqual([ids.concern]);
  });

  it('given a sealed and a restricted event, when an involved agency reads it, then the sealed one is absent and the restricted one shows only type, date and agency', async () => {
    const { body } = await chronology(keys['school-c']).expect(200);
    expect(body.items.map((item: { type: string }) => item.type)).toEqual(['ConcernRaised', 'ReferralMade', 'VisitCompleted', 'ChildRegistered']);
    const visit = body.items.find((item: { eventId: string }) => item.eventId === ids.visit);
    expect(visit).toMatchObject({ type: 'VisitCompleted', occurredAt: '2026-03-04', agencyId: 'health-c', relatedEvents: [] });
    expect(visit.summary).toMatch(/withheld/);
    expect(JSON.stringify(body)).not.toContain(ids.allegation);
    expect(body.items.every((item: Record<string, unknown>) => !('revision' in item))).toBe(true);
    const police = await chronology(keys['police-c']).expect(200);
    expect(police.body.items.map((item: { type: string }) => item.type)).toContain('AllegationMade');
  });

  it('given an agency with nothing recorded about the child, when it reads the chronology, then it is refused', async () => {
    const response = await chronology(keys['housing-c']).expect(403);
    expect(response.body).toMatchObject({ code: 'AUTH.FORBIDDEN' });
  });

  it('pages with an opaque cursor and filters by agency, type and dates', async () => {
    const first = await chronology(keys.reviewer, '?limit=2').expect(200);
    const second = await chronology(keys.reviewer, `?limit=2&cursor=${first.body.nextCursor}`).expect(200);
    const third = await chronology(keys.reviewer, `?limit=2&cursor=${second.body.nextCursor}`).expect(200);
    expect([...first.body.items, ...second.body.items, ...third.body.items].map((item: { type: string }) => item.type))
      .toEqual(['AllegationMade', 'ConcernRaised', 'ReferralMade', 'VisitCompleted', 'ChildRegistered']);
    expect(third.body.nextCursor).toBeNull();
    expect((await chronology(keys.reviewer, '?agency=school-c&type=ConcernRaised,ReferralMade')).body.items).toHaveLength(2);
    expect((await chronology(keys.reviewer, '?from=2026-03-02&to=2026-03-03')).body.items.map((item: { type: string }) => item.type)).toEqual(['ConcernRaised', 'ReferralMade']);
  });

  it('given asOf now, then the replay from the ledger equals the read model', async () => {
    const now = new Date(Date.now() + 1000).toISOString();
    const [fromReadModel, fromLedger] = await Promise.all([chronology(keys.reviewer), chronology(keys.reviewer, `?asOf=${now}`)]);
    expect(fromLedger.body.items).toEqual(fromReadModel.body.items);
    const [agencyReadModel, agencyLedger] = await Promise.all([chronology(keys['school-c']), chronology(keys['school-c'], `?asOf=${now}`)]);
    expect(agencyLedger.body.items).toEqual(agencyReadModel.body.items);
  });

  it('refuses bad parameters with 400 and names the field, and an unknown child with 404 (403 for a reviewer)', async () => {
    for (const [query, field] of [['?asOf=yesterday', 'asOf'], ['?limit=0', 'limit'], ['?cursor=abc', 'cursor'], ['?from=2026-02-30', 'from'], ['?type=a&type=b', 'type'], ['?format=xml', 'format']]) {
      const response = await chronology(keys.reviewer, query).expect(400);
      expect(response.body.errors[0].field).toBe(field);
    }
    await t.http.get(`/v1/children/${childId}/chronology`).set(bearer(keys.reviewer)).expect(400);
    await t.http.get(`/v1/children/${randomUUID()}/chronology`).set(bearer(keys['school-c'])).expect(404);
    // A reviewer learns nothing of children outside its assignments, not even whether they exist.
    expect((await t.http.get(`/v1/children/${randomUUID()}/chronology`).set(reading(keys.reviewer)).expect(403)).body.code).toBe('AUTH.NOT_ASSIGNED');
  });

  it('exports the whole chronology as CSV with the standard columns, and as a PDF', async () => {
    const csv = await chronology(keys.reviewer).set('Accept', 'text/csv').buffer(true).parse((response, done) => {
      let text = '';
      response.on('data', (chunk: Buffer) => { text += chunk.toString('utf8'); });
      response.on('end', () => done(null, text));
    }).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain(`chronology-${childId}.csv`);
    const rows = parse((csv.body as string).replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0])).toEqual(['Date', 'Agency', 'Event', 'Summary', 'Significance', 'Action', 'Outcome', 'Recorded at', 'Recording lag (working days)', 'Provenance']);
    expect(rows.map((row) => row.Event)).toEqual(['Allegation made', 'Concern raised', 'Referral made', 'Visit completed', 'Child registered']);
    expect(rows[1]).toMatchObject({ Date: '02/03/2026', Agency: 'Meadowbank Primary', Provenance: 'live' });

    const pdf = await chronology(keys.reviewer, '?format=pdf').buffer(true).parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = pdf.body as Buffer;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.subarray(-6).toString()).toContain('%%EOF');
  });

  it('serves the case state and an agency its own history', async () => {
    const state = await t.http.get(`/v1/children/${childId}/case-state`).set(reading(keys.reviewer)).expect(200);
    expect(state.body.state.counts).toMatchObject({ concerns: 1, referrals: 1 });
    expect(state.body.state.episodes).toHaveLength(1);
    const history = await t.http.get('/v1/agencies/school-c/history').set(bearer(keys['school-c'])).expect(200);
    expect(history.body.items.map((item: { type: string }) => item.type)).toEqual(['ConcernRaised', 'ReferralMade', 'ChildRegistered']);
    await t.http.get('/v1/agencies/police-c/history').set(bearer(keys['school-c'])).expect(403);
  });
});
