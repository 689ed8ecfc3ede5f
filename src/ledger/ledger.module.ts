import { Inject, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, systemClock, type Clock } from '../common/clock';
import { DatabaseConnection } from '../database/database-connection';
import { EVENT_STORE } from './event-store.port';
import { AppendNotifier } from './postgres/append-notifier';
import { PostgresEventStore } from './postgres/postgres-event-store';

const LEDGER_PROVIDERS = [
  { provide: CLOCK, useValue: systemClock },
  {
    provide: AppendNotifier,
    inject: [DatabaseConnection],
    useFactory: (database: DatabaseConnection) =>
      new AppendNotifier(database.pool, database.mode === 'server' ? database.clientConfig : undefined),
  },
  {
    provide: EVENT_STORE,
    inject: [DatabaseConnection, CLOCK, AppendNotifier],
    useFactory: (database: DatabaseConnection, clock: Clock, notifier: AppendNotifier) =>
      new PostgresEventStore(database.pool, clock, notifier),
  },
];

/** The event store, ready for injection with `@Inject(EVENT_STORE)`. */
@Module({ providers: LEDGER_PROVIDERS, exports: [EVENT_STORE, CLOCK] })
export class LedgerModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(AppendNotifier) private readonly notifier: AppendNotifier) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.notifier.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.notifier.close();
  }
}
