import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { runBuilt } from './setup/run-built';
import { bearer, openTestApp, reading, reviewerOf, TEST_ADMIN_KEY, type TestApp } from './setup/test-app';

// Imported history keeps its original recording times, so the past can be replayed: what a review
// panel would have seen on each date, with late recording and later corrections.
describe('the chronology as it was known on a date, over imported history', () => {
  let t: TestApp;
  let reviewer: string;
  let childId: string;
  const ids = { concern: randomUUID(), referral: randomUUID(), correction: randomUUID(), visit: randomUUID() };
  const types = (body: { items: Array<{ type: string }> }) => body.items.map((item) => item.type);
  const asOf = (date: string) => t.http.get(`/v1/children/${childId}/chronology?asOf=${date}`).set(reading(reviewer)).expect(200).then((response) => response.body);
  const concernOf = (body: { items: Array<{ eventId: string; summary: string; corrections: unknown[] }> }) => body.items.find((item) => item.eventId === ids.concern)!;

  beforeAll(async () => {
    t = await openTestApp();
    const school = (await t.http.post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: 'school-h', name: 'Hillside', kind: 'school', canImport: true })).body.apiKey;
    await t.http.post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: 'health-h', name: 'HV', kind: 'health' });
    childId = (await t.http.post('/v1/children').set(bearer(school)).send({ dateOfBirth: '2015-09-01' })).body.childId;
    reviewer = await reviewerOf(t, [childId]);
    const lines = [
      { childId, agencyId: 'school-h', eventId: ids.concern, type: 'ConcernRaised', occurredAt: '2023-01-10', recordedAt: '2023-01-11T10:00:00Z',
        data: { categories: ['neglect'], description: 'Hungry at school.', immediateAction: 'Fed.', referred: true } },
      // Recorded almost four weeks after it happened, and before the concern in time.
      { childId, agencyId: 'school-h', eventId: ids.referral, type: 'ReferralMade', occurredAt: '2023-01-05', recordedAt: '2023-02-01T09:00:00Z',
        data: { fromAgency: 'school-h', toAgency: 'csc-h', route: 'front-door', familyInformed: true } },
      { childId, agencyId: 'school-h', eventId: ids.correction, type: 'RecordCorrected', occurredAt: '2023-03-01', recordedAt: '2023-03-01T12:00:00Z',
        data: { correctedEventId: ids.concern, fields: [{ path: 'description', value: '"Hungry and bruised at school."' }], reason: 'Bruise omitted.' } },
      // No recording time in the source: it counts as recorded when it happened, with no recording lag.
      { childId, agencyId: 'health-h', eventId: ids.visit, type: 'VisitNoAccess', occurredAt: '2023-02-20', data: { statutory: false, note: 'No answer.' } },
    ];
    await t.http.post('/v1/imports').set(bearer(TEST_ADMIN_KEY)).set('Content-Type', 'application/x-ndjson').send(lines.map((line) => JSON.stringify(line)).join('\n')).expect(200).then((response) => expect(response.body).toMatchObject({ accepted: 4, refused: [] }));
    await t.projected();
  });
  afterAll(() => t.close());

  it('given a date before the late referral was recorded, then only the concern shows, uncorrected', async () => {
    const body = await asOf('2023-01-20');
    expect(body).toMatchObject({ childId, asOf: '2023-01-20' });
    expect(types(body)).toEqual(['ConcernRaised']);
    expect(concernOf(body)).toMatchObject({ corrections: [], provenance: 'imported', recordingLag: 1 });
  });

  it('given a date after the referral was recorded, then it shows before the concern (it happened first) and the correction recorded later is not applied', async () => {
    const body = await asOf('2023-02-28');
    expect(types(body)).toEqual(['ReferralMade', 'ConcernRaised', 'VisitNoAccess']);
    expect(concernOf(body).summary).toContain('Hungry at school.');
    expect(body.items[0].recordingLag).toBe(19);
    expect(body.items[2]).toMatchObject({ recordedAtKnown: false, recordingLag: null });
  });

  it('given the day the correction was recorded, then it is applied and listed', async () => {
    const body = await asOf('2023-03-01');
    expect(types(body)).toEqual(['ReferralMade', 'ConcernRaised', 'VisitNoAccess']);
    expect(concernOf(body).summary).toContain('Hungry and bruised at school.');
    expect(concernOf(body).corrections).toEqual([{ eventId: ids.correction, reason: 'Bruise omitted.', recordedAt: '2023-03-01T12:00:00.000Z', fields: [{ path: 'description', previousValue: 'Hungry at school.', value: 'Hungry and bruised at school.' }] }]);
  });

  it('given no asOf, then the read model shows everything, including the registration recorded today, as the replay does for now', async () => {
    const now = await t.http.get(`/v1/children/${childId}/chronology`).set(reading(reviewer)).expect(200);
    expect(types(now.body)).toEqual(['ReferralMade', 'ConcernRaised', 'VisitNoAccess', 'ChildRegistered']);
    expect(now.body.items).toEqual((await asOf(new Date(Date.now() + 1000).toISOString())).items);
  });

  it('given the CLI, then export-chronology --as-of writes the chronology as known then, as CSV and as PDF, each export in the access log with its purpose', async () => {
    const csv = await runBuilt('src/cli/main.js', ['export-chronology', childId, '--as-of', '2023-02-28', '--purpose', 'Rapid review (test)'], { DATABASE_URL: t.database.url });
    expect(csv.code).toBe(0);
    const rows = parse(csv.stdout.replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((row) => [row.Date, row.Event, row.Provenance])).toEqual([
      ['05/01/2023', 'Referral made', 'imported'], ['10/01/2023', 'Concern raised', 'imported'], ['20/02/2023', 'Visit no access', 'imported'],
    ]);
    expect(rows[1].Summary).toContain('Hungry at school.');
    const pdf = await runBuilt('src/cli/main.js', ['export-chronology', childId, '--format', 'pdf', '--purpose', 'Rapid review (test)'], { DATABASE_URL: t.database.url });
    expect(pdf.code).toBe(0);
    expect(pdf.stdout.startsWith('%PDF-')).toBe(true);
    const { rows: logged } = await t.database.pool.query("SELECT principal_id, role, purpose, detail FROM access_log WHERE child_id = $1 AND detail->>'via' = 'cli' ORDER BY id", [childId]);
    expect(logged).toEqual([
      { principal_id: expect.stringMatching(/^cli:/), role: 'admin', purpose: 'Rapid review (test)', detail: { export: 'csv', via: 'cli', asOf: '2023-02-28' } },
      { principal_id: expect.stringMatching(/^cli:/), role: 'admin', purpose: 'Rapid review (test)', detail: { export: 'pdf', via: 'cli' } },
    ]);
    const unexplained = await runBuilt('src/cli/main.js', ['export-chronology', childId], { DATABASE_URL: t.database.url });
    expect(unexplained.code).not.toBe(0);
    expect(unexplained.stderr).toContain('--purpose');
  });

  it('given the CLI, then projections status reports each projection, and rebuild all swaps in read models equal to the live ones', async () => {
    const before = await t.http.get(`/v1/children/${childId}/chronology`).set(reading(reviewer)).expect(200);
    const rebuilt = await runBuilt('src/cli/main.js', ['rebuild', 'all', '--no-progress'], { DATABASE_URL: t.database.url });
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(/chronology: rebuilt from \d+ events/);
    expect(rebuilt.stdout).toMatch(/case-state: rebuilt from \d+ events/);
    await t.projected();
    const after = await t.http.get(`/v1/children/${childId}/chronology`).set(reading(reviewer)).expect(200);
    expect(after.body).toEqual(before.body);
    // Nothing of the rebuild is left beside the live tables: no `_next` twin, no scratch table.
    const { rows: leftovers } = await t.database.pool.query(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND (tablename LIKE '%\\_next' OR tablename LIKE '%\\_rebuild')`);
    expect(leftovers).toEqual([]);
    const status = await runBuilt('src/cli/main.js', ['projections', 'status'], { DATABASE_URL: t.database.url });
    expect(status.stdout).toMatch(/^chronology: running, \d+ events applied, lag 0 events/m);
    const metrics = await t.http.get('/metrics').expect(200);
    expect(metrics.text).toMatch(/^ledger_projection_lag_events\{projection="chronology"\} 0$/m);
    expect(metrics.text).toMatch(/^ledger_projection_parked\{projection="case-state"\} 0$/m);
  });
});
