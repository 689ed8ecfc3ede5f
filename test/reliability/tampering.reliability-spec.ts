import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE } from '../../src/children/catalogue/event-catalogue';
import { runBuilt } from '../setup/run-built';
import { bearer, openTestApp, reading, reviewerOf, TEST_ADMIN_KEY, type TestApp } from '../setup/test-app';
import { testDatabaseMode } from '../setup/test-database';

/** What someone with the table owner's rights could do behind the service: switch the immutability trigger off, change the table, switch it on. */
const TAMPERING: Array<{ what: string; revision: number; sql: string }> = [
  { what: 'a payload rewritten', revision: 3, sql: `UPDATE ledger_events SET data = jsonb_set(data, '{description}', '"nothing to worry about"') WHERE stream_id = $1 AND revision = 3` },
  { what: 'a record backdated (recordedAt moved a week earlier)', revision: 1, sql: `UPDATE ledger_events SET recorded_at = recorded_at - interval '7 days' WHERE stream_id = $1 AND revision = 1` },
  { what: 'the recording agency changed', revision: 2, sql: `UPDATE ledger_events SET metadata = jsonb_set(metadata, '{agencyId}', '"police-east"') WHERE stream_id = $1 AND revision = 2` },
  { what: 'an event type changed', revision: 4, sql: `UPDATE ledger_events SET type = 'ChildSeen' WHERE stream_id = $1 AND revision = 4` },
  { what: 'an event in the middle deleted', revision: 2, sql: 'DELETE FROM ledger_events WHERE stream_id = $1 AND revision = 2' },
  { what: 'the last event deleted', revision: 5, sql: 'DELETE FROM ledger_events WHERE stream_id = $1 AND revision = 5' },
];

// Issue 10, "Tampering": an event altered directly in the database is reported by the verify
// command and by the integrity endpoint, at the exact revision.
describe('tampering with the ledger behind the service', () => {
  let t: TestApp;
  let reviewer: string;
  const children = new Map<string, string>();
  let untouched: string;

  beforeAll(async () => {
    t = await openTestApp();
    const school = (await t.http.post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: 'school-north', name: 'School', kind: 'school' }).expect(201)).body.apiKey as string;
    const register = async () => {
      const childId = (await t.http.post('/v1/children').set(bearer(school)).send({ dateOfBirth: '2016-03-03' }).expect(201)).body.childId as string;
      for (let i = 0; i < 5; i++) {
        await t.http.post(`/v1/children/${childId}/events`).set(bearer(school))
          .send({ eventId: randomUUID(), type: 'ConcernRaised', occurredAt: '2026-01-12T09:30:00Z', data: EVENT_CATALOGUE.get('ConcernRaised')!.example }).expect(201);
      }
      return childId;
    };
    for (const { what } of TAMPERING) children.set(what, await register());
    untouched = await register();
    reviewer = await reviewerOf(t, [...children.values(), untouched]);
    const client = await t.database.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('ALTER TABLE ledger_events DISABLE TRIGGER ledger_events_no_update_or_delete');
      for (const { what, sql } of TAMPERING) expect((await client.query(sql, [`child-${children.get(what)}`])).rowCount).toBe(1);
      await client.query('ALTER TABLE ledger_events ENABLE TRIGGER ledger_events_no_update_or_delete');
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  });
  afterAll(() => t.close());

  it.each(TAMPERING)('given $what, then the integrity endpoint reports revision $revision', async ({ what, revision }) => {
    const integrity = await t.http.get(`/v1/children/${children.get(what)}/integrity`).set(reading(reviewer)).expect(200);
    expect(integrity.body).toMatchObject({ valid: false, firstBrokenRevision: revision });
  });

  it('leaves an untouched record verifying', async () => {
    expect((await t.http.get(`/v1/children/${untouched}/integrity`).set(reading(reviewer)).expect(200)).body).toMatchObject({ valid: true, events: 6 });
  });

  // The CLI opens DATABASE_URL in a process of its own, which cannot reach this process's embedded database.
  (testDatabaseMode === 'server' ? it : it.skip)('given the same, then `ledger verify` names every broken record at its revision and exits 1', async () => {
    const outcome = await runBuilt('src/cli/main.js', ['verify', '--no-progress'], { DATABASE_URL: t.database.url });
    for (const { what, revision } of TAMPERING) expect(outcome.stdout).toContain(`✘ child-${children.get(what)}: broken at revision ${revision}`);
    expect(outcome.stdout).not.toContain(untouched);
    expect(outcome.stdout).toContain(`${TAMPERING.length} broken`);
    expect(outcome.code).toBe(1);
  });
});
