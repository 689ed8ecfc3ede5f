import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { PoolClient } from 'pg';
import { appendHistory, historySteps, plainHistorySteps } from '../../../test/setup/random-histories';
import { readModelSnapshot } from '../../../test/setup/read-model-snapshot';
import { openProjectingLedger, type ProjectingLedger } from '../../../test/setup/test-ledger';
import type { EventStore, RecordedEvent } from '../../ledger/event-store.port';
import { ComplianceProjection } from '../../compliance/findings/compliance.projection';
import { evaluateChild, historyAsKnown } from '../../compliance/evaluate-child';
import { DEFAULT_PROFILE } from '../../compliance/profile/policy-profile';
import { RULES } from '../../compliance/rules/rule-catalogue';
import { CaseStateProjection } from '../case-state/case-state.projection';
import { compareEntries, foldChronology } from '../chronology/chronology-fold';
import { ChronologyProjection } from '../chronology/chronology.projection';
import { readCheckpoint, retryParked, skipParked } from './checkpoints';
import type { Projection, TableNames } from './projection';
import { ProjectionRunner, type StepOutcome } from './projection-runner';
import { rebuildProjection } from './rebuild-projection';

/**
 * Steps a runner until it has applied every event stored (or stops for another reason). A commit is
 * readable only once older transactions, in any database of the server, have ended: under load from
 * elsewhere "nothing to read" can come before the last events are readable, so ask the ledger too.
 */
async function drain(runner: ProjectionRunner, store: EventStore): Promise<StepOutcome> {
  for (;;) {
    const outcome = await runner.step();
    if (outcome === 'applied') continue;
    if (outcome !== 'caught-up' || (await store.lagAfter(runner.checkpoint?.checkpoint)).oldestUnreadArrivedAt === null) return outcome;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Fails on chosen events: `times` times (then recovers), after the real projection has written its part of the batch. */
class FailingOn implements Projection {
  readonly name: string;
  readonly version = 1;
  readonly tables: readonly string[];
  calls = 0;
  constructor(private readonly inner: Projection, readonly failOn: Set<string>, public times = Infinity) {
    this.name = inner.name;
    this.tables = inner.tables;
  }
  async apply(events: readonly RecordedEvent[], transaction: PoolClient, tables: TableNames): Promise<void> {
    this.calls += 1;
    await this.inner.apply(events, transaction, tables);
    if (this.times > 0 && events.some((event) => this.failOn.has(event.eventId))) {
      this.times -= 1;
      throw new Error('simulated failure in the projection');
    }
  }
}

describe('projection runner and rebuild', () => {
  let ledger: ProjectingLedger;
  const projections = [new ChronologyProjection(), new CaseStateProjection(), new ComplianceProjection(RULES, DEFAULT_PROFILE)];

  beforeAll(async () => {
    ledger = await openProjectingLedger();
  });
  afterAll(() => ledger.close());
  beforeEach(async () => {
    // A fresh read model for each test: the ledger itself is append-only and keeps growing.
    await ledger.database.pool.query('TRUNCATE chronology_entries, child_involvements, child_links, case_states, compliance_events, compliance_households, compliance_findings, projection_checkpoints, projection_skips');
  });

  const runnerFor = (projection: Projection, batchSize: number) => new ProjectionRunner(ledger.database.pool, ledger.store, projection, ledger.leases, { batchSize });

  it('given random histories with corrections, sensitivity changes and links, then a rebuild from scratch equals what incremental projection built, and the chronology equals the pure fold', async () => {
    // A rebuild's pages (of any size) may be gathered on two connections at once and commit out of order
    // (on a server only, as the CLI does: the embedded database's connections share one session).
    const writers = ledger.database.mode === 'server' ? [1, 2] : [1];
    await fc.assert(fc.asyncProperty(historySteps, fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 13 }), fc.constantFrom(...writers), async (steps, batchSize, pageSize, gatherWriters) => {
      const { children } = await appendHistory(ledger.store, ledger.clock, steps);
      for (const projection of projections) expect(await drain(runnerFor(projection, batchSize), ledger.store)).toBe('caught-up');
      const incremental = await readModelSnapshot(ledger.database.pool);
      for (const projection of projections) await rebuildProjection(ledger.database.pool, ledger.store, projection, ledger.leases, { batchSize: pageSize, gatherWriters });
      expect(await readModelSnapshot(ledger.database.pool)).toEqual(incremental);

      for (const childId of children) {
        // Judging only what each batch can change must come to what judging everything once gives.
        const events = await ledger.store.readStream(`child-${childId}`);
        const endOfTime = new Date(8.64e15);
        const judgedOnce = evaluateChild(historyAsKnown(childId, events, endOfTime), RULES, DEFAULT_PROFILE, endOfTime, { today: '' });
        const { rows: stored } = await ledger.database.pool.query('SELECT finding FROM compliance_findings WHERE child_id = $1', [childId]);
        const byId = (findings: Array<{ id: string }>) => [...findings].sort((a, b) => a.id.localeCompare(b.id));
        expect(byId(stored.map((row) => row.finding))).toEqual(byId(judgedOnce));
        const folded = [...foldChronology(await ledger.store.readStream(`child-${childId}`)).values()].sort(compareEntries).map((row) => row.entry);
        const { rows } = await ledger.database.pool.query('SELECT entry FROM chronology_entries WHERE child_id = $1 ORDER BY occurred_sort, recorded_at, position', [childId]);
        expect(rows.map((row) => row.entry)).toEqual(folded);
      }
    }), { numRuns: 25 });
  });

  it('given plain events in small batches, then the compliance projection, judging only what each batch can change, comes to what judging everything once gives', async () => {
    await fc.assert(fc.asyncProperty(plainHistorySteps, fc.integer({ min: 1, max: 3 }), async (steps, batchSize) => {
      const compliance = new ComplianceProjection(RULES, DEFAULT_PROFILE);
      const { children } = await appendHistory(ledger.store, ledger.clock, steps);
      await ledger.database.pool.query('TRUNCATE compliance_events, compliance_households, compliance_findings, projection_checkpoints');
      expect(await drain(runnerFor(compliance, batchSize), ledger.store)).toBe('caught-up');
      const endOfTime = new Date(8.64e15);
      for (const childId of children) {
        const judgedOnce = evaluateChild(historyAsKnown(childId, await ledger.store.readStream(`child-${childId}`), endOfTime), RULES, DEFAULT_PROFILE, endOfTime, { today: '' });
        const { rows } = await ledger.database.pool.query('SELECT finding FROM compliance_findings WHERE child_id = $1', [childId]);
        const byId = (findings: Array<{ id: string }>) => [...findings].sort((a, b) => a.id.localeCompare(b.id));
        expect(byId(rows.map((row) => row.finding))).toEqual(byId(judgedOnce));
      }
    }), { numRuns: 15 });
  });

  it('given a failure in the middle of a batch, then nothing of the batch stays, and the retry applies every event exactly once', async () => {
    const { children } = await appendHistory(ledger.store, ledger.clock, Array.from({ length: 12 }, (_, i) => ({ child: i % 3, kind: 'event' as const, type: 'ConcernRaised', agency: 'school-a', occurredDaysAgo: i, recordedAfterMinutes: 5, pick: 0 })));
    const events = (await Promise.all(children.map((id) => ledger.store.readStream(`child-${id}`)))).flat();
    const flaky = new FailingOn(new ChronologyProjection(), new Set([events[7].eventId]), 1);
    const runner = runnerFor(flaky, 50);
    expect(await drain(runner, ledger.store)).toBe('caught-up');
    const { rows } = await ledger.database.pool.query('SELECT count(*)::int AS rows, count(DISTINCT event_id)::int AS distinct_rows FROM chronology_entries WHERE child_id = ANY($1::uuid[])', [children]);
    expect(rows[0]).toEqual({ rows: events.length, distinct_rows: events.length });
    expect(flaky.calls).toBeGreaterThan(1);
  });

  it('given an event the projection cannot apply, then it parks there with the events before it applied, never spins, and an operator can retry or skip', async () => {
    const { children } = await appendHistory(ledger.store, ledger.clock, Array.from({ length: 6 }, (_, i) => ({ child: 0, kind: 'event' as const, type: 'VisitCompleted', agency: 'health-b', occurredDaysAgo: i, recordedAfterMinutes: 1, pick: 0 })));
    const all: RecordedEvent[] = [];
    for (let page = await ledger.store.readAll({ limit: 10_000 }); page.events.length; page = await ledger.store.readAll({ after: page.checkpoint, limit: 10_000 })) all.push(...page.events);
    const mine = await ledger.store.readStream(`child-${children[0]}`);
    const bad = mine[3];
    const failing = new FailingOn(new ChronologyProjection(), new Set([bad.eventId]));
    const runner = runnerFor(failing, 100);
    expect(await drain(runner, ledger.store)).toBe('parked');
    const callsWhenParked = failing.calls;
    expect(await runner.step()).toBe('parked');
    expect(failing.calls).toBe(callsWhenParked); // parked: no more attempts until an operator acts
    const parked = (await readCheckpoint(ledger.database.pool, 'chronology'))!;
    expect(parked.parked).toMatchObject({ eventId: bad.eventId, error: expect.stringContaining('simulated failure') });
    expect(parked.position).toBe(all[all.findIndex((event) => event.eventId === bad.eventId) - 1].position);
    const stored = async () => (await ledger.database.pool.query('SELECT event_id FROM chronology_entries WHERE child_id = $1', [children[0]])).rows.map((row) => row.event_id);
    expect(await stored()).toEqual(expect.arrayContaining(mine.slice(0, 3).map((event) => event.eventId)));
    expect(await stored()).not.toContain(bad.eventId);

    expect(await retryParked(ledger.database.pool, 'chronology')).toBe(true);
    expect(await runner.step()).toBe('parked'); // still failing: parked again at the same event
    expect(await skipParked(ledger.database.pool, 'chronology')).toBe(bad.eventId);
    expect(await drain(runner, ledger.store)).toBe('caught-up');
    expect((await stored()).sort()).toEqual(mine.filter((event) => event !== bad).map((event) => event.eventId).sort());
    const { rows } = await ledger.database.pool.query('SELECT event_id FROM projection_skips WHERE projection = $1', ['chronology']);
    expect(rows).toEqual([{ event_id: bad.eventId }]);
  });
});
