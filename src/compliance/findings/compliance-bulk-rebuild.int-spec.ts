import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it, jest } from '@jest/globals';
import { describeOnServer } from '../../../test/setup/test-database';
import { openProjectingLedger, type ProjectingLedger, type TestLedger } from '../../../test/setup/test-ledger';
import { EVENT_CATALOGUE } from '../../children/catalogue/event-catalogue';
import type { NewEvent } from '../../ledger/event-store.port';
import { ForegroundWork } from '../../projections/runner/foreground-work';
import { ProjectionRunner } from '../../projections/runner/projection-runner';
import { TransactionsNotAppending } from '../../ledger/postgres/transactions-not-appending';
import { GatherFailedError } from '../../projections/runner/gather-for-rebuild';
import { rebuildProjection } from '../../projections/runner/rebuild-projection';
import { DEFAULT_PROFILE } from '../profile/policy-profile';
import { RULES } from '../rules/rule-catalogue';
import { ComplianceProjection } from './compliance.projection';
import { JudgingThreadError } from './judging-threads';

/*
 * The compliance rebuild as the CLI runs it on a server (ADR 0018): pages gathered on several
 * connections at once, committing out of order, and children judged in worker threads. It must come
 * to exactly what incremental projection built. The threads run the compiled script (`npm test`
 * builds first), as the service and the CLI do.
 */
const WORKER_SCRIPT = resolve('dist/src/compliance/findings/judging-worker.js');
const LIVE_WORKER_SCRIPT = resolve('dist/src/compliance/findings/live-judging-worker.js');

describeOnServer('compliance rebuild on several connections and judging threads', () => {
  let ledger: ProjectingLedger;

  beforeAll(async () => {
    ledger = await openProjectingLedger();
  });
  afterAll(() => ledger.close());
  beforeEach(async () => {
    await ledger.database.pool.query('TRUNCATE compliance_events, compliance_households, compliance_findings, projection_checkpoints');
  });

  const snapshot = async () => {
    const pool = ledger.database.pool;
    const findings = (await pool.query('SELECT id, rule, child_id, agency_id, status, due_at, breached_at, met_at, digest, finding FROM compliance_findings ORDER BY id')).rows;
    const households = (await pool.query('SELECT child_id, household_id FROM compliance_households ORDER BY child_id')).rows;
    const events = (await pool.query('SELECT event_id, child_id, revision, event FROM compliance_events ORDER BY event_id')).rows;
    return { findings, households, events };
  };

  /** The ledger projected incrementally from the start, as the service does (judging in this thread unless told): the compliance tables then. */
  const projectedLive = async (batchSize: number, projection = new ComplianceProjection(RULES, DEFAULT_PROFILE, 250, {}, { script: false })) => {
    const runner = new ProjectionRunner(ledger.database.pool, ledger.store, projection, ledger.leases, { batchSize });
    try {
      let outcome;
      while ((outcome = await runner.step()) === 'applied') { /* until caught up */ }
      expect(outcome).toBe('caught-up');
    } finally {
      await projection.close();
    }
    return snapshot();
  };
  const familiesProjectedLive = async (batchSize: number) => {
    await appendFamilies(ledger);
    return projectedLive(batchSize);
  };
  const startAgain = () => ledger.database.pool.query('TRUNCATE compliance_events, compliance_households, compliance_findings, projection_checkpoints');

  it('given the families projected live with judging in the live judging thread, then the tables equal those judged in this thread', async () => {
    expect(existsSync(LIVE_WORKER_SCRIPT)).toBe(true); // built by `npm test`
    const here = await familiesProjectedLive(5);
    await startAgain();
    const projection = new ComplianceProjection(RULES, DEFAULT_PROFILE, 250, {}, { script: LIVE_WORKER_SCRIPT });
    expect(projection.judgesIn).toBe('a thread of its own');
    expect(await projectedLive(5, projection)).toEqual(here);
  });

  it('given the live judging thread on a server (it reads the histories itself, and waits while a foreground step is under way), then the tables equal those judged in this thread', async () => {
    const here = await familiesProjectedLive(5);
    await startAgain();
    const projection = new ComplianceProjection(RULES, DEFAULT_PROFILE, 250, {}, { script: LIVE_WORKER_SCRIPT });
    const foreground = new ForegroundWork();
    projection.onServer({ foreground, connection: { connectionString: ledger.database.url }, notAppending: new TransactionsNotAppending() });
    const endStep = foreground.begin(); // a chronology step under way for the first moments
    setTimeout(endStep, 300);
    expect(await projectedLive(5, projection)).toEqual(here);
    expect(foreground.underWay).toBe(0);
  });

  it('given a live judging thread that dies at its first batch, then the batch is judged again in a new thread, nothing is parked, and the tables equal those judged here', async () => {
    const here = await familiesProjectedLive(7);
    await startAgain();
    const marker = join(mkdtempSync(join(tmpdir(), 'live-judging-')), 'died');
    const dying = join(mkdtempSync(join(tmpdir(), 'live-judging-')), 'dying-worker.js');
    writeFileSync(dying, `const { parentPort } = require('node:worker_threads');
const { existsSync, writeFileSync } = require('node:fs');
// The first thread dies at its first batch (as if out of memory); the threads after it judge.
if (!existsSync(${JSON.stringify(marker)})) parentPort.on('message', ({ input }) => { if (input.kind === 'judge') { writeFileSync(${JSON.stringify(marker)}, ''); process.exit(3); } });
require(${JSON.stringify(LIVE_WORKER_SCRIPT)});
`);
    expect(await projectedLive(7, new ComplianceProjection(RULES, DEFAULT_PROFILE, 250, {}, { script: dying }))).toEqual(here);
    expect(existsSync(marker)).toBe(true);
  });

  it('given siblings who move between households, then a rebuild gathered in SQL on three connections and judged in threads equals incremental projection', async () => {
    expect(existsSync(WORKER_SCRIPT)).toBe(true); // built by `npm test`: without it the threads would silently not be used
    const incremental = await familiesProjectedLive(5);
    expect(incremental.findings.length).toBeGreaterThan(50);
    expect(incremental.findings.some((row) => row.rule === 'R22')).toBe(true); // a sibling's concerns counted
    expect(incremental.events.some((row) => row.event.importedAt !== null && row.event.metadata.actor)).toBe(true);

    const threaded = new ComplianceProjection(RULES, DEFAULT_PROFILE, 250, { count: 2, script: WORKER_SCRIPT });
    const gatheredInSql = jest.spyOn(threaded.bulkRebuild, 'gatherInSql');
    const { eventsHandled } = await rebuildProjection(ledger.database.pool, ledger.store, threaded, ledger.leases, { gatherWriters: 3 });
    expect(gatheredInSql).toHaveBeenCalledTimes(3);
    expect(eventsHandled).toBe((await ledger.store.statistics()).events);
    expect(await snapshot()).toEqual(incremental);
  });

  it('given the same families, then a rebuild gathered page by page through the service, pages committing out of order, equals incremental projection', async () => {
    const incremental = await familiesProjectedLive(5);

    const threaded = new ComplianceProjection(RULES, DEFAULT_PROFILE, 250, { count: 2, script: WORKER_SCRIPT });
    const gatheredInSql = jest.spyOn(threaded.bulkRebuild, 'gatherInSql');
    await rebuildProjection(ledger.database.pool, ledger.store, threaded, ledger.leases, { batchSize: 7, gatherWriters: 3, gatherInDatabase: false });
    expect(gatheredInSql).not.toHaveBeenCalled();
    expect(await snapshot()).toEqual(incremental);
  });

  it('given a judging thread that fails, then the rebuild fails with the reason and the live findings stay as they were', async () => {
    const before = await familiesProjectedLive(50);
    const broken = join(mkdtempSync(join(tmpdir(), 'judging-')), 'broken-worker.js');
    writeFileSync(broken, "require('node:worker_threads').parentPort.on('message', () => { throw new Error('out of memory, say'); });\n");

    const failing = new ComplianceProjection(RULES, DEFAULT_PROFILE, 250, { count: 2, script: broken });
    await expect(rebuildProjection(ledger.database.pool, ledger.store, failing, ledger.leases, { gatherWriters: 2 })).rejects.toThrow(JudgingThreadError);
    expect(await snapshot()).toEqual(before);
    // And the next rebuild starts again from position 0 and completes.
    await rebuildProjection(ledger.database.pool, ledger.store, new ComplianceProjection(RULES, DEFAULT_PROFILE, 250, { count: 2, script: WORKER_SCRIPT }), ledger.leases, { gatherWriters: 2 });
    expect(await snapshot()).toEqual(before);
  });

  it('given a page that cannot be gathered, then the rebuild fails naming the kind of error only, and the live findings stay as they were', async () => {
    const before = await familiesProjectedLive(50);
    const failing = new ComplianceProjection(RULES, DEFAULT_PROFILE);
    let pages = 0;
    failing.bulkRebuild.gather = async () => {
      pages += 1;
      if (pages === 3) throw new TypeError('a message quoting a fictional child, Ada Example');
    };

    const rebuilding = rebuildProjection(ledger.database.pool, ledger.store, failing, ledger.leases, { batchSize: 5, gatherWriters: 2, gatherInDatabase: false });
    await expect(rebuilding).rejects.toThrow(GatherFailedError);
    await expect(rebuilding).rejects.toThrow('The rebuild stopped while gathering the ledger: TypeError');
    await expect(rebuilding).rejects.not.toThrow('Ada');
    expect(await snapshot()).toEqual(before);
  });

  it('given a part of the ledger that cannot be gathered in SQL, then the rebuild fails naming the kind of error only, and the live findings stay as they were', async () => {
    const before = await familiesProjectedLive(50);
    const failing = new ComplianceProjection(RULES, DEFAULT_PROFILE);
    const gatherInSql = failing.bulkRebuild.gatherInSql.bind(failing.bulkRebuild);
    let parts = 0;
    failing.bulkRebuild.gatherInSql = async (events, executor, tables) => {
      parts += 1;
      // A statement the database refuses half-way: its error names a value of the row.
      if (parts === 2) await executor.query(`INSERT INTO ${tables.compliance_events} (event_id, child_id, revision, event) VALUES ($1, $1, 0, '{}')`, ['Ada Example']);
      await gatherInSql(events, executor, tables);
    };

    const rebuilding = rebuildProjection(ledger.database.pool, ledger.store, failing, ledger.leases, { gatherWriters: 2 });
    await expect(rebuilding).rejects.toThrow('The rebuild stopped while gathering the ledger: error (SQLSTATE 22P02)');
    await expect(rebuilding).rejects.not.toThrow('Ada');
    expect(parts).toBe(2);
    expect(await snapshot()).toEqual(before);
  });
});

/** Three fictional households of siblings, with concerns (some imported), missed appointments and moves between households. */
async function appendFamilies(ledger: TestLedger): Promise<void> {
  const event = (type: string, agencyId: string, daysAgo: number, data: Record<string, unknown> = {}): NewEvent => ({
    eventId: randomUUID(), type, schemaVersion: 1,
    occurredAt: new Date(ledger.clock.now().getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10), occurredAtPrecision: 'date',
    data: { ...EVENT_CATALOGUE.get(type)!.example, ...data }, metadata: { agencyId, sensitivity: 'normal' },
  });
  const children = Array.from({ length: 9 }, (_, index) => ({ stream: `child-${randomUUID()}`, household: `hh-${index % 3}` }));
  for (const child of children) await ledger.store.append(child.stream, [event('ChildRegistered', 'school-a', 400, { householdId: child.household })]);
  // Imported history (its own recording time, an importer as actor, a time of day) and a stream that is no child's.
  const now = ledger.clock.now().getTime();
  for (const child of children.slice(0, 4)) {
    const imported = event('ConcernRaised', 'health-b', 390);
    await ledger.store.append(child.stream, [{
      ...imported, occurredAt: new Date(now - 390 * 86_400_000 + 37_123).toISOString(), occurredAtPrecision: 'date-time',
      metadata: { ...imported.metadata, actor: { principalId: 'importer-fictional', role: 'admin' }, source: { system: 'fictional-records', ref: child.stream } },
      historical: { recordedAt: new Date(now - 385 * 86_400_000 + 456), recordedAtKnown: true },
    }]);
  }
  await ledger.store.append(`agency-notes-${randomUUID()}`, [event('ConcernRaised', 'school-a', 10)]);
  const types = ['ConcernRaised', 'AppointmentMissed', 'ReferralMade', 'VisitCompleted', 'ConcernRaised', 'ChildVoiceRecorded'];
  for (let round = 0; round < 8; round++) {
    for (const [index, child] of children.entries()) {
      ledger.clock.advance(3_600_000);
      const moves = round === 3 && index % 4 === 0;
      const next = moves ? event('HouseholdChanged', 'csc-d', 300 - round * 30, { householdId: `hh-${(index + 1) % 3}` }) : event(types[(round + index) % types.length], ['school-a', 'health-b', 'police-c'][index % 3], 300 - round * 30);
      await ledger.store.append(child.stream, [next]);
    }
  }
}
