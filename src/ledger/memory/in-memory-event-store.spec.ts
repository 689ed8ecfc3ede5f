import { eventStoreContract } from '../contract/event-store.contract-suite';
import { InMemoryEventStore } from './in-memory-event-store';

eventStoreContract('in-memory', async (clock) => {
  const store = new InMemoryEventStore(clock);
  return {
    store,
    clock,
    tamper: async (streamId, revision, change) => store.tamperForTest(streamId, revision, (event) => Object.assign(event, change)),
    close: async () => undefined,
  };
});
