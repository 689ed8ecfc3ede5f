import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE } from '../src/children/catalogue/event-catalogue';
import { bearer, openTestApp, reading, reviewerOf, TEST_ADMIN_KEY, type TestApp } from './setup/test-app';

describe('historical import over HTTP (NDJSON)', () => {
  let t: TestApp;
  let health: string;
  let school: string;
  let reviewer: string;
  let childId: string;
  const ndjson = (lines: unknown[]) => lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n');
  const importAs = (key: string, body: string, query = '') => t.http.post(`/v1/imports${query}`).set(bearer(key)).set('Content-Type', 'application/x-ndjson').send(body);
  const stored = async () => Number((await t.database.pool.query('SELECT count(*) FROM ledger_events')).rows[0].count);

  beforeAll(async () => {
    t = await openTestApp();
    health = (await t.http.post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: 'health-visiting-north', name: 'HV', kind: 'health', canImport: true })).body.apiKey;
    school = (await t.http.post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: 'school-i', name: 'S', kind: 'school' })).body.apiKey;
    childId = (await t.http.post('/v1/children').set(bearer(health)).send({ nhsNumber: '9434765919', dateOfBirth: '2012-01-01' })).body.childId;
    reviewer = await reviewerOf(t, [childId]);
  });
  afterAll(() => t.close());

  const visit = (overrides: Record<string, unknown> = {}) => ({
    nhsNumber: '9434765919', eventId: randomUUID(), type: 'VisitNoAccess', occurredAt: '2014-03-11',
    recordedAt: '2014-03-12T09:00:00Z', data: { statutory: false, note: 'No answer.' }, ...overrides,
  });

  it('given valid, invalid and duplicate lines, then the dry run names exactly the bad ones, the run stores the good ones once, and a re-run adds nothing', async () => {
    const good = [visit(), visit({ recordedAt: undefined }), { childId, eventId: randomUUID(), type: 'HistoricalNoteImported', occurredAt: '2013-06-01', data: EVENT_CATALOGUE.get('HistoricalNoteImported')!.example }];
    const lines = [
      good[0],
      '{not json',
      good[1],
      visit({ recordedAt: '2014-03-10T09:00:00Z' }),
      good[0],
      visit({ nhsNumber: '4010232137' }),
      good[2],
      visit({ agencyId: 'school-i' }),
      visit({ type: 'ChildRegistered' }),
    ];
    const expectedRefusals = [
      { line: 2, field: 'line' },
      { line: 4, field: 'recordedAt' },
      { line: 6, field: 'nhsNumber' },
      { line: 8, field: 'agencyId' },
      { line: 9, field: 'type' },
    ];
    const before = await stored();
    const dry = await importAs(health, ndjson(lines), '?dryRun=true').expect(200);
    expect(dry.body).toMatchObject({ dryRun: true, accepted: 3, duplicates: 1 });
    expect(dry.body.refused.map(({ line, field }: { line: number; field: string }) => ({ line, field }))).toEqual(expectedRefusals);
    expect(await stored()).toBe(before);

    const run = await importAs(health, ndjson(lines)).set('X-Import-Batch', 'hv-export-2014').expect(200);
    expect(run.body).toMatchObject({ dryRun: false, accepted: 3, duplicates: 1, batchId: 'hv-export-2014' });
    expect(run.body.refused.map(({ line, field }: { line: number; field: string }) => ({ line, field }))).toEqual(expectedRefusals);
    expect(await stored()).toBe(before + 3);

    const again = await importAs(health, ndjson(lines)).expect(200);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 4 });
    expect(await stored()).toBe(before + 3);

    const stream = (await t.http.get(`/v1/children/${childId}/events`).set(reading(reviewer)).expect(200)).body.items;
    const imported = stream.find((event: { eventId: string }) => event.eventId === good[0].eventId);
    expect(imported).toMatchObject({
      recordedAt: '2014-03-12T09:00:00.000Z', recordedAtKnown: true, importedAt: expect.any(String),
      metadata: { agencyId: 'health-visiting-north', provenance: { imported: true, batchId: 'hv-export-2014' } },
    });
    expect(stream.find((event: { eventId: string }) => event.eventId === good[1].eventId)).toMatchObject({ recordedAtKnown: false, recordedAt: '2014-03-11T00:00:00.000Z' });
    expect((await t.http.get(`/v1/children/${childId}/integrity`).set(reading(reviewer)).expect(200)).body.valid).toBe(true);
  });

  it('lets an admin import for any registered agency, refuses agencies without canImport, and takes only NDJSON', async () => {
    const asAdmin = await importAs(TEST_ADMIN_KEY, ndjson([visit({ agencyId: 'school-i' }), visit({ agencyId: 'nowhere' }), visit()])).expect(200);
    expect(asAdmin.body).toMatchObject({ accepted: 1, refused: [{ line: 2, field: 'agencyId' }, { line: 3, field: 'agencyId' }] });
    await importAs(school, ndjson([visit()])).expect(403);
    await t.http.post('/v1/imports').set(bearer(health)).send({ lines: [] }).expect(400);
    await importAs(reviewer, ndjson([visit()])).expect(403);
  });
});
