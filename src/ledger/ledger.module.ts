import { Inject, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { CLOCK, systemClock, type Clock } from '../common/clock';
import { Environment } from '../config/environment';
import { DatabaseConnection } from '../database/database-connection';
import { EVENT_STORE, type EventStore } from './event-store.port';
import { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store';
import { AppendNotifier } from './postgres/append-notifier';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { TransactionsNotAppending } from './postgres/transactions-not-appending';

const LEDGER_PROVIDERS = [
  { provide: CLOCK, useValue: systemClock },
  {
    provide: AppendNotifier,
    inject: [DatabaseConnection],
    useFactory: (database: DatabaseConnection) =>
      new AppendNotifier(database.pool, database.mode === 'server' ? database.clientConfig : undefined),
  },
  // The projection runners name their transactions here; the PostgreSQL ledger's readers do not wait for them (ADR 0026).
  { provide: TransactionsNotAppending, useValue: new TransactionsNotAppending() },
  {
    provide: EVENT_STORE,
    inject: [Environment, DatabaseConnection, CLOCK, AppendNotifier, TransactionsNotAppending],
    // EVENT_STORE=kurrentdb keeps the events in KurrentDB; the read models stay in PostgreSQL either way.
    useFactory: (environment: Environment, database: DatabaseConnection, clock: Clock, notifier: AppendNotifier, notAppending: TransactionsNotAppending): EventStore =>
      environment.EVENT_STORE === 'kurrentdb'
        ? new KurrentDbEventStore(KurrentDBClient.connectionString(environment.KURRENTDB_URL!), clock)
        : new PostgresEventStore(database.pool, clock, notifier, undefined, notAppending),
  },
];

/** The event store, ready for injection with `@Inject(EVENT_STORE)`. */
@Module({ providers: LEDGER_PROVIDERS, exports: [EVENT_STORE, CLOCK, TransactionsNotAppending] })
export class LedgerModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(AppendNotifier) private readonly notifier: AppendNotifier,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.store instanceof PostgresEventStore) await this.notifier.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.notifier.close();
    if (this.store instanceof KurrentDbEventStore) await this.store.close();
  }
}
