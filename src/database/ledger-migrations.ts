import { DataSource } from 'typeorm';
import { CreateLedger1764201600000 } from './migrations/1764201600000-create-ledger';
import { CreateAccess1764201700000 } from './migrations/1764201700000-create-access';
import { CreateReadModels1764201800000 } from './migrations/1764201800000-create-read-models';
import { CreateCompliance1764201900000 } from './migrations/1764201900000-create-compliance';
import { CreateAccessControl1764202000000 } from './migrations/1764202000000-create-access-control';
import { ChildIdentifierClaimTimes1764202100000 } from './migrations/1764202100000-child-identifier-claim-times';
import { LedgerAppendGenericPlans1764202200000 } from './migrations/1764202200000-ledger-append-generic-plans';
import { LedgerAppendTellsSealingMarks1764202300000 } from './migrations/1764202300000-ledger-append-tells-sealing-marks';
import { ChronologySealedEntriesIndex1764202400000 } from './migrations/1764202400000-chronology-sealed-entries-index';

const MIGRATION_LOCK = 7_271_000_001;

/** Every migration, in order. Read models add theirs here. */
export const MIGRATIONS = [CreateLedger1764201600000, CreateAccess1764201700000, CreateReadModels1764201800000, CreateCompliance1764201900000, CreateAccessControl1764202000000, ChildIdentifierClaimTimes1764202100000, LedgerAppendGenericPlans1764202200000,
  LedgerAppendTellsSealingMarks1764202300000, ChronologySealedEntriesIndex1764202400000];

/** A short-lived TypeORM connection that brings the schema up to date, then closes. */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    poolSize: 1,
    logging: false,
  });
  await dataSource.initialize();
  try {
    // One connection (poolSize 1), so this session lock covers the migrations: instances starting together take turns.
    await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations();
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
