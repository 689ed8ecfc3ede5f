import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { Pool } from 'pg';
import { systemClock } from '../common/clock';
import type { Environment } from '../config/environment';
import { surviveLostConnections } from '../database/connection-errors';
import { connectionSettings } from '../database/database-connection';
import { runMigrations } from '../database/ledger-migrations';
import type { EventStore } from '../ledger/event-store.port';
import { KurrentDbEventStore } from '../ledger/kurrentdb/kurrentdb-event-store';
import { AppendNotifier } from '../ledger/postgres/append-notifier';
import { PostgresEventStore } from '../ledger/postgres/postgres-event-store';

export interface MigrationTarget {
  store: EventStore;
  close(): Promise<void>;
}

/**
 * The store `migrate-events` copies into. `--to postgres`: the server in `--target-url`, or, when the
 * events are in KurrentDB now, the service's own DATABASE_URL (its ledger tables are made if need
 * be). `--to kurrentdb`: `--target-url` or KURRENTDB_URL. Never the store the events are read from.
 */
export async function openMigrationTarget(environment: Environment, to: string, targetUrl: string | undefined): Promise<MigrationTarget> {
  if (to === 'postgres') {
    const url = targetUrl ?? (environment.EVENT_STORE === 'kurrentdb' ? environment.DATABASE_URL : undefined);
    if (!url || !/^postgres(ql)?:\/\/.+/.test(url)) throw new Error('--to postgres needs --target-url with a postgres:// URL (or EVENT_STORE=kurrentdb and DATABASE_URL)');
    if (environment.EVENT_STORE === 'postgres' && url === environment.DATABASE_URL) throw new Error('The target is the database the events are read from');
    await runMigrations(url);
    const pool = surviveLostConnections(new Pool({ ...connectionSettings(url), max: 4 }));
    pool.on('error', () => undefined);
    return { store: new PostgresEventStore(pool, systemClock, new AppendNotifier(pool, undefined)), close: () => pool.end() };
  }
  if (to === 'kurrentdb') {
    const url = targetUrl ?? environment.KURRENTDB_URL;
    if (!url || !/^(kurrentdb|kdb|esdb)(\+discover)?:\/\/.+/.test(url)) throw new Error('--to kurrentdb needs --target-url or KURRENTDB_URL with a kurrentdb:// connection string');
    if (environment.EVENT_STORE === 'kurrentdb' && url === environment.KURRENTDB_URL) throw new Error('The target is the KurrentDB the events are read from');
    const store = new KurrentDbEventStore(KurrentDBClient.connectionString(url), systemClock);
    return { store, close: () => store.close() };
  }
  throw new Error('--to must be kurrentdb or postgres');
}
