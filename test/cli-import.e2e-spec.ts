import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { runBuilt } from './setup/run-built';
import { bearer, openTestApp, TEST_ADMIN_KEY, type TestApp } from './setup/test-app';
import { describeOnServer } from './setup/test-database';

// The CLI is another process that opens DATABASE_URL, so these run against a server only.
describeOnServer('CLI: npm run ledger -- import <file>', () => {
  let t: TestApp;
  let folder: string;
  let childIds: string[];
  const stored = async () => Number((await t.database.pool.query("SELECT count(*) FROM ledger_events WHERE type <> 'ChildRegistered'")).rows[0].count);
  const line = (childId: string, overrides: Record<string, unknown> = {}) => JSON.stringify({
    childId, agencyId: 'health-cli', eventId: randomUUID(), type: 'AppointmentMissed', occurredAt: '2015-05-05', recordedAt: '2015-05-06T10:00:00Z',
    data: { service: 'health visiting', appointmentKind: 'review', wasNotBrought: true, followUp: 'Letter.' }, ...overrides,
  });
  const cli = (...args: string[]) => runBuilt('src/cli/main.js', ['import', ...args, '--no-progress'], { DATABASE_URL: t.database.url }, 120_000);

  beforeAll(async () => {
    t = await openTestApp();
    folder = mkdtempSync(join(tmpdir(), 'ledger-import-'));
    const health = (await t.http.post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: 'health-cli', name: 'HV', kind: 'health', canImport: true })).body.apiKey;
    childIds = [];
    for (let i = 0; i < 20; i++) childIds.push((await t.http.post('/v1/children').set(bearer(health)).send({ dateOfBirth: '2014-01-01' })).body.childId);
  });
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await t.close();
  });

  it('given a file with good and bad lines, then the dry run lists the bad ones, the run stores the good ones once, and a re-run adds nothing', async () => {
    const file = join(folder, 'small.ndjson');
    writeFileSync(file, [line(childIds[0]), line(childIds[1], { occurredAt: '2099-01-01' }), line(childIds[2]), ''].join('\n'));
    const before = await stored();
    const dry = await cli(file, '--dry-run');
    expect(dry.stdout).toContain('line 2: occurredAt:');
    expect(dry.stdout).toContain('Dry run: would accept 2, duplicates 0, refused 1');
    expect(dry.code).toBe(1);
    expect(await stored()).toBe(before);
    expect((await cli(file)).stdout).toContain('Accepted 2, duplicates 0, refused 1');
    expect((await cli(file)).stdout).toContain('Accepted 0, duplicates 2, refused 1');
    expect(await stored()).toBe(before + 2);
  });

  it('given 12,000 lines, checked in pieces by the line-checking threads, then the dry run names exactly the bad lines, by their numbers in the file', async () => {
    const file = join(folder, 'pieces.ndjson');
    const lines = Array.from({ length: 12_000 }, (_, i) => line(childIds[i % childIds.length]));
    lines[4] = line(childIds[0], { occurredAt: '2099-01-01' });
    lines[7_000] = '{"not": "closed"';
    lines[11_999] = line(childIds[0], { agencyId: 'no such agency' });
    writeFileSync(file, lines.join('\n'));
    const dry = await cli(file, '--dry-run');
    expect(dry.stdout.split('\n').filter((row) => row.startsWith('line '))).toEqual([
      'line 5: occurredAt: occurredAt is in the future',
      'line 7001: line: the line is not valid JSON',
      'line 12000: agencyId: agencyId names the agency that recorded the event',
    ]);
    expect(dry.stdout).toContain('Dry run: would accept 11997, duplicates 0, refused 3');
  });

  it('given the CLI killed half-way through 6,000 lines, when it is run again, then every line is stored exactly once', async () => {
    const file = join(folder, 'large.ndjson');
    const lines = Array.from({ length: 6000 }, (_, i) => line(childIds[i % childIds.length]));
    writeFileSync(file, lines.join('\n'));
    const before = await stored();
    const child = spawn(process.execPath, [resolve('dist/src/cli/main.js'), 'import', file, '--no-progress'], { env: { PATH: process.env.PATH, DATABASE_URL: t.database.url }, stdio: 'ignore' });
    const exited = new Promise((done) => child.once('exit', done));
    while ((await stored()) - before < 1000) await new Promise((done) => setTimeout(done, 20));
    child.kill('SIGKILL');
    await exited;
    const partial = (await stored()) - before;
    expect(partial).toBeLessThan(6000);
    const rerun = await cli(file);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain(`Accepted ${6000 - partial}, duplicates ${partial}, refused 0`);
    expect((await stored()) - before).toBe(6000);
  });

  it('given a chronology spreadsheet, then each row becomes a readable HistoricalNoteImported event, once', async () => {
    const file = join(folder, 'hv-chronology.csv');
    writeFileSync(file, [
      'Date,Type,Entry,Ref',
      '11/03/2014,Home visit,"Home cold; child in nappy only, mother tearful.",HV-14',
      '2014-04-02,Phone call,"Mother cancelled visit.\nSays car broken.",HV-15',
      '31/02/2014,Home visit,Impossible date,HV-16',
      '',
    ].join('\n'));
    const csv = (...args: string[]) => runBuilt('src/cli/main.js', ['import-csv', file, '--agency', 'health-cli', '--child', childIds[3], '--map', 'date=Date,text=Entry,category=Type,reference=Ref', ...args], { DATABASE_URL: t.database.url }, 60_000);
    const dry = await csv('--dry-run');
    expect(dry.stdout).toContain('data row 3: occurredAt:');
    expect(dry.stdout).toContain('Dry run: would accept 2, duplicates 0, refused 1');
    expect((await csv()).stdout).toContain('Accepted 2, duplicates 0, refused 1');
    expect((await csv()).stdout).toContain('Accepted 0, duplicates 2, refused 1');
    const { rows } = await t.database.pool.query("SELECT data FROM ledger_events WHERE stream_id = $1 AND type = 'HistoricalNoteImported' ORDER BY revision", [`child-${childIds[3]}`]);
    expect(rows.map((row: { data: unknown }) => row.data)).toEqual([
      { date: '2014-03-11', agency: 'health-cli', category: 'Home visit', text: 'Home cold; child in nappy only, mother tearful.', sourceReference: 'hv-chronology.csv HV-14' },
      { date: '2014-04-02', agency: 'health-cli', category: 'Phone call', text: 'Mother cancelled visit.\nSays car broken.', sourceReference: 'hv-chronology.csv HV-15' },
    ]);
  });
});
