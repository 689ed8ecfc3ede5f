import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '../../ledger/event-store.port';
import { openTestDatabase, type TestDatabase } from '../../../test/setup/test-database';
import { ChildHistories, readMissingHistories } from './child-histories';
import { storeEvents } from './compliance-tables';

/*
 * The compliance projection reads children's histories back from its own table when they are not in
 * memory (after a start, say). PostgreSQL is not asked to sort them, so the order is made here: the
 * rules read a child's events in revision order whatever order the rows come in.
 */
describe('Children’s histories read back for the compliance projection', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  const event = (childId: string, revision: number): RecordedEvent => ({
    streamId: `child-${childId}`, revision, position: revision + 1, checkpoint: '', eventId: randomUUID(), type: 'ConcernRaised', schemaVersion: 1,
    occurredAt: '2026-01-05', occurredAtPrecision: 'date', recordedAt: new Date('2026-01-05T10:00:00Z'), importedAt: null, recordedAtKnown: true,
    metadata: { agencyId: 'school-a' }, data: { n: revision }, dataDigest: '', hash: '',
  });

  it('given rows stored out of revision order, then each child’s history comes back in revision order', async () => {
    const [first, second] = [randomUUID(), randomUUID()];
    const client = await database.pool.connect();
    try {
      // Stored (and so laid out in the table) in the order 2, 0, 3, 1 for each child, interleaved.
      for (const revision of [2, 0, 3, 1]) await storeEvents(client, 'compliance_events', [event(first, revision), event(second, revision)]);
      const held = new ChildHistories();
      const rows = await readMissingHistories(client, 'compliance_events', held.missing('compliance_events', [{ childId: first }, { childId: second }]));
      const histories = held.take('compliance_events', [first, second], rows);
      expect(histories.get(first)!.map((stored) => stored.revision)).toEqual([0, 1, 2, 3]);
      expect(histories.get(second)!.map((stored) => stored.data)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }]);
    } finally {
      client.release();
    }
  });
});
