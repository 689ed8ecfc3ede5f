import { eventStoreContract } from '../contract/event-store.contract-suite';
import { openTestDatabase } from '../../../test/setup/test-database';
import { AppendNotifier } from './append-notifier';
import { PostgresEventStore } from './postgres-event-store';
import { tamperWithEvent } from './tamper-for-test';

eventStoreContract('PostgreSQL', async (clock) => {
  const database = await openTestDatabase();
  const notifier = new AppendNotifier(database.pool, undefined);
  return {
    store: new PostgresEventStore(database.pool, clock, notifier),
    clock,
    tamper: (streamId, revision, change) => tamperWithEvent(database.pool, streamId, revision, change),
    close: async () => {
      await notifier.close();
      await database.close();
    },
  };
});
