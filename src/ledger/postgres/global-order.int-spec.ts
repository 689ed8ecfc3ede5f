import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { openTestLedger, type TestLedger } from '../../../test/setup/test-ledger';
import type { PoolClient } from 'pg';
import { describeOnServer, type TestDatabase } from '../../../test/setup/test-database';
import { headCheckpoint, readAtLeast, readToEnd, waitFor } from '../contract/reading-helpers';
import { ManualClock, newStreamId, sampleEvent, sampleEvents } from '../contract/sample-events';
import { prepareAppend } from '../prepare-append';
import { CatchUpSubscription } from '../subscription/catch-up-subscription';
import { appendToPostgres } from './postgres-append';
import { PostgresEventStore } from './postgres-event-store';

describeOnServer('PostgreSQL global order under concurrent transactions', () => {
  let ledger: TestLedger;
  let database: TestDatabase;
  let store: PostgresEventStore;
  const clock = new ManualClock();

  beforeAll(async () => {
    ledger = await openTestLedger(40);
    ({ database, store } = ledger);
  });
  afterAll(() => ledger.close());

  /** Appends inside a transaction the test keeps open, as a slow writer would. */
  async function appendInOpenTransaction(streamId: string): Promise<{ client: PoolClient; position: number }> {
    const client = await database.pool.connect();
    await client.query('BEGIN');
    const result = await appendToPostgres(client, streamId, prepareAppend(streamId, [sampleEvent()], clock.now()), 'any');
    return { client, position: result.events[0].position };
  }

  it('given transaction 1 holds an earlier position open while transaction 2 commits a later one, then a reader sees neither until 1 commits, then both in order', async () => {
    const start = await headCheckpoint(store);
    const slow = await appendInOpenTransaction(newStreamId());
    const fast = await store.append(newStreamId(), [sampleEvent()]);
    expect(fast.events[0].position).toBeGreaterThan(slow.position);

    expect((await readToEnd(store, start)).events).toEqual([]);

    await slow.client.query('COMMIT');
    slow.client.release();
    const { events } = await readAtLeast(store, start, 2);
    expect(events.map((e) => e.position)).toEqual([slow.position, fast.events[0].position]);
  });

  it('given a transaction that drew positions and rolled back, then readers do not stall on its hole', async () => {
    const start = await headCheckpoint(store);
    const abandoned = await appendInOpenTransaction(newStreamId());
    await abandoned.client.query('ROLLBACK');
    abandoned.client.release();
    const after = await store.append(newStreamId(), [sampleEvent()]);
    const { events } = await readAtLeast(store, start, 1);
    expect(events.map((e) => e.eventId)).toEqual([after.events[0].eventId]);
    expect(after.events[0].position).toBeGreaterThan(abandoned.position);
  });

  it('given a reader checkpointed mid-way, when a late commit lands below its position, then the reader still gets it once', async () => {
    const slow = await appendInOpenTransaction(newStreamId());
    const before = await headCheckpoint(store);
    const later = await store.append(newStreamId(), sampleEvents(2));
    const firstRead = await readToEnd(store, before);
    expect(firstRead.events).toEqual([]);
    await slow.client.query('COMMIT');
    slow.client.release();
    const secondRead = await readAtLeast(store, firstRead.checkpoint, 3);
    expect(secondRead.events.map((e) => e.position)).toEqual([slow.position, ...later.events.map((e) => e.position)]);
    expect((await readToEnd(store, secondRead.checkpoint)).events).toEqual([]);
  });

  it('given 8 writers appending 10,000 events, then a tailing reader sees each exactly once and every stream in revision order', async () => {
    const start = await headCheckpoint(store);
    const seen: Array<{ eventId: string; streamId: string; revision: number }> = [];
    const subscription = new CatchUpSubscription(store, (event) => void seen.push(event), { from: start, pollIntervalMs: 20 }).start();
    const streams = Array.from({ length: 40 }, newStreamId);
    const appended: string[] = [];
    await Promise.all(Array.from({ length: 8 }, async (_, writer) => {
      for (let round = 0; round < 250; round++) {
        const events = sampleEvents(round % 2 === 0 ? 1 : 9); // singles and batches: 1,250 events per writer
        const result = await store.append(streams[(writer * 7 + round) % streams.length], events);
        appended.push(...result.events.map((e) => e.eventId));
      }
    }));
    expect(appended).toHaveLength(10_000);
    await waitFor(() => seen.length >= 10_000, 60_000);
    await subscription.stop();
    expect(seen).toHaveLength(10_000);
    expect(new Set(seen.map((e) => e.eventId))).toEqual(new Set(appended));
    const lastRevision = new Map<string, number>();
    for (const event of seen) {
      expect(event.revision).toBe((lastRevision.get(event.streamId) ?? -1) + 1);
      lastRevision.set(event.streamId, event.revision);
    }
  });
});
