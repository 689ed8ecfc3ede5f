import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openTestLedger, type TestLedger } from './setup/test-ledger';
import { newStreamId, sampleEvents } from '../src/ledger/contract/sample-events';
import { PostgresEventStore } from '../src/ledger/postgres/postgres-event-store';
import { tamperWithEvent } from '../src/ledger/postgres/tamper-for-test';
import { runBuilt } from './setup/run-built';
import { describeOnServer, type TestDatabase } from './setup/test-database';

// The CLI opens the database named in DATABASE_URL; the embedded test database lives inside this
// test process, which another process cannot open, so these run against a server only.
describeOnServer('CLI: npm run ledger -- verify', () => {
  let ledger: TestLedger;
  let database: TestDatabase;
  let store: PostgresEventStore;
  const verify = (...args: string[]) => runBuilt('src/cli/main.js', ['verify', '--no-progress', ...args], { DATABASE_URL: database.url });

  beforeAll(async () => {
    ledger = await openTestLedger();
    ({ database, store } = ledger);
  });
  afterAll(() => ledger.close());

  describe('given an untouched ledger', () => {
    it('verifies every stream and exits 0', async () => {
      await store.append(newStreamId(), sampleEvents(3));
      await store.append(newStreamId(), sampleEvents(2));
      const outcome = await verify();
      expect(outcome.stdout).toContain('2 streams, 5 events checked; 0 broken');
      expect(outcome.code).toBe(0);
    });
  });

  describe('given one payload altered in the database', () => {
    it('names the stream and revision and exits 1', async () => {
      const streamId = newStreamId();
      await store.append(streamId, sampleEvents(5));
      await tamperWithEvent(database.pool, streamId, 3, { data: { description: 'rewritten' } });
      const outcome = await verify();
      expect(outcome.stdout).toContain(`✘ ${streamId}: broken at revision 3 (payload does not match its digest)`);
      expect(outcome.code).toBe(1);
      const single = await verify('--stream', streamId);
      expect(single.stdout).toContain('broken at revision 3');
      expect(single.code).toBe(1);
    });
  });
});
