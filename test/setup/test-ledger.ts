import { ManualClock } from '../../src/ledger/contract/sample-events';
import { AppendNotifier } from '../../src/ledger/postgres/append-notifier';
import { PostgresEventStore } from '../../src/ledger/postgres/postgres-event-store';
import { ProjectionLeases } from '../../src/projections/runner/projection-leases';
import { openTestDatabase, type TestDatabase } from './test-database';

export interface TestLedger {
  database: TestDatabase;
  store: PostgresEventStore;
  clock: ManualClock;
  close(): Promise<void>;
}

/** A PostgreSQL event store on a fresh database of the test file's own, with a clock the test moves. */
export async function openTestLedger(poolSize = 20): Promise<TestLedger> {
  const database = await openTestDatabase(poolSize);
  const notifier = new AppendNotifier(database.pool, undefined);
  const clock = new ManualClock();
  return {
    database,
    clock,
    store: new PostgresEventStore(database.pool, clock, notifier),
    close: async () => {
      await notifier.close();
      await database.close();
    },
  };
}

export interface ProjectingLedger extends TestLedger {
  leases: ProjectionLeases;
}

/** The test ledger with projection leases on its database, as the projection runners and rebuilds take them; closed together. */
export async function openProjectingLedger(): Promise<ProjectingLedger> {
  const ledger = await openTestLedger();
  const leases = new ProjectionLeases({ connectionString: ledger.database.url }, 'test');
  return {
    ...ledger,
    leases,
    close: async () => {
      await leases.close();
      await ledger.close();
    },
  };
}
