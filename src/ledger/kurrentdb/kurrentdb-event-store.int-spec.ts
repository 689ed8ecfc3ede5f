import { describe, it } from '@jest/globals';
import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { eventStoreContract } from '../contract/event-store.contract-suite';
import { kurrentStreamOf } from './kurrent-stream-names';
import { KurrentDbEventStore } from './kurrentdb-event-store';

/*
 * The shared contract suite against a KurrentDB server (25.1 or later), whenever KURRENTDB_URL names
 * one, e.g. `KURRENTDB_URL=kurrentdb://127.0.0.1:2113?tls=false npm test`. Our CI machines cannot
 * install a KurrentDB server, so there the suite is reported as skipped, with this reason.
 */
const url = process.env.KURRENTDB_URL;

if (url) {
  eventStoreContract('KurrentDB', async (clock) => {
    const client = KurrentDBClient.connectionString(url);
    const store = new KurrentDbEventStore(client, clock);
    return {
      store,
      clock,
      // KurrentDB events cannot be edited; what an operator can do is hide the start of a stream.
      tamper: async (streamId, revision) => {
        await client.setStreamMetadata(kurrentStreamOf(streamId), { truncateBefore: revision });
        return 0;
      },
      close: () => store.close(),
    };
  });
} else {
  describe('EventStore contract: KurrentDB', () => {
    it.skip('SKIPPED: no KurrentDB server (KURRENTDB_URL is not set, and none can be installed on the CI machines)', () => undefined);
  });
}
