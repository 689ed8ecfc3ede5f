import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { PoolClient } from 'pg';
import { appendHistory } from '../../../test/setup/random-histories';
import { readModelSnapshot } from '../../../test/setup/read-model-snapshot';
import { describeOnServer } from '../../../test/setup/test-database';
import { openTestLedger, type TestLedger } from '../../../test/setup/test-ledger';
import type { RecordedEvent } from '../../ledger/event-store.port';
import { ChronologyProjection } from '../chronology/chronology.projection';
import { readCheckpoint } from './checkpoints';
import type { Projection, TableNames } from './projection';
import { ProjectionLeases } from './projection-leases';
import { ProjectionRunner } from './projection-runner';
import { rebuildProjection } from './rebuild-projection';

/** Counts the events each instance applied. */
class Counting implements Projection {
  readonly name = 'chronology';
  readonly version = 1;
  readonly tables: readonly string[];
  applied = 0;
  constructor(private readonly inner = new ChronologyProjection()) {
    this.tables = inner.tables;
  }
  async apply(events: readonly RecordedEvent[], transaction: PoolClient, tables: TableNames): Promise<void> {
    await this.inner.apply(events, transaction, tables);
    this.applied += events.length;
  }
}

const steps = (count: number) => Array.from({ length: count }, (_, i) => ({ child: i % 3, kind: 'event' as const, type: 'ConcernRaised', agency: 'school-a', occurredDaysAgo: i % 30, recordedAfterMinutes: 3, pick: i }));

describeOnServer('one active runner per projection across instances', () => {
  let ledger: TestLedger;
  beforeAll(async () => {
    ledger = await openTestLedger();
  });
  afterAll(() => ledger.close());

  async function caughtUp(): Promise<void> {
    const deadline = Date.now() + 20_000;
    while ((await ledger.store.lagAfter((await readCheckpoint(ledger.database.pool, 'chronology'))?.checkpoint)).oldestUnreadArrivedAt !== null) {
      if (Date.now() > deadline) throw new Error('the projection did not catch up');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('given two instances, then only the lease holder applies events; when it dies the other takes over and nothing is applied twice', async () => {
    const instances = ['instance-a', 'instance-b'].map((owner) => {
      const leases = new ProjectionLeases({ connectionString: ledger.database.url }, owner);
      const projection = new Counting();
      const runner = new ProjectionRunner(ledger.database.pool, ledger.store, projection, leases, { batchSize: 7, pollIntervalMs: 20, retryDelayMs: 50 });
      return { leases, projection, runner };
    });
    for (const instance of instances) instance.runner.start();
    await appendHistory(ledger.store, ledger.clock, steps(40));
    await caughtUp();
    const [first, second] = instances[0].projection.applied > 0 ? instances : [instances[1], instances[0]];
    expect(first.projection.applied).toBeGreaterThan(0);
    expect(second.projection.applied).toBe(0);
    const { rows: [lease] } = await ledger.database.pool.query("SELECT owner FROM projection_leases WHERE projection = 'chronology'");
    expect(lease.owner).toBe(first.leases.owner);

    // The holder dies: its connection goes, and PostgreSQL releases its advisory lock.
    await first.runner.stop();
    await first.leases.close();
    await appendHistory(ledger.store, ledger.clock, steps(25));
    await caughtUp();
    expect(second.projection.applied).toBeGreaterThan(0);
    await second.runner.stop();
    await second.leases.close();

    const { rows } = await ledger.database.pool.query('SELECT count(*)::int AS n FROM chronology_entries');
    const { events } = await ledger.store.statistics();
    expect(rows[0].n).toBe(events);
    expect(first.projection.applied + second.projection.applied).toBe(events);
  });

  it('given appends and a live runner going on, when the read model is rebuilt, then the swap loses and repeats nothing', async () => {
    const leases = new ProjectionLeases({ connectionString: ledger.database.url }, 'live');
    const runner = new ProjectionRunner(ledger.database.pool, ledger.store, new ChronologyProjection(), leases, { batchSize: 5, pollIntervalMs: 10 });
    runner.start();
    const writing = appendHistory(ledger.store, ledger.clock, steps(150));
    const rebuildLeases = new ProjectionLeases({ connectionString: ledger.database.url }, 'rebuild');
    await rebuildProjection(ledger.database.pool, ledger.store, new ChronologyProjection(), rebuildLeases, { batchSize: 11 });
    await writing;
    await caughtUp();
    expect((await readCheckpoint(ledger.database.pool, 'chronology'))?.parked).toBeUndefined(); // the swap never made the live runner apply twice
    await runner.stop();
    const afterSwap = await readModelSnapshot(ledger.database.pool);
    await rebuildProjection(ledger.database.pool, ledger.store, new ChronologyProjection(), rebuildLeases);
    expect((await readModelSnapshot(ledger.database.pool)).chronology).toEqual(afterSwap.chronology);
    expect(afterSwap.chronology).toHaveLength((await ledger.store.statistics()).events);
    await leases.close();
    await rebuildLeases.close();
  });
});
