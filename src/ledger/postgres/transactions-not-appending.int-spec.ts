import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { PoolClient } from 'pg';
import { describeOnServer, openTestDatabase, type TestDatabase } from '../../../test/setup/test-database';
import { headCheckpoint, readAtLeast, readToEnd } from '../contract/reading-helpers';
import { ManualClock, newStreamId, sampleEvent } from '../contract/sample-events';
import { prepareAppend } from '../prepare-append';
import { AppendNotifier } from './append-notifier';
import { appendToPostgres } from './postgres-append';
import { PostgresEventStore } from './postgres-event-store';
import { TransactionsNotAppending } from './transactions-not-appending';

/*
 * ADR 0026: a reader of the global order does not wait for this process's projection transactions
 * named as not appending, and still waits for every other one (a late commit is never skipped).
 */
describeOnServer('readers of the global order and transactions named as not appending', () => {
  let database: TestDatabase;
  let notifier: AppendNotifier;
  let store: PostgresEventStore;
  let notAppending: TransactionsNotAppending;
  const clock = new ManualClock();

  beforeAll(async () => {
    database = await openTestDatabase(10);
    notifier = new AppendNotifier(database.pool, undefined);
    notAppending = new TransactionsNotAppending();
    store = new PostgresEventStore(database.pool, clock, notifier, undefined, notAppending);
  });
  afterAll(async () => {
    await notifier.close();
    await database.close();
  });

  /** A projection's transaction that has taken its transaction id (as its first write would) and stays open. */
  async function openProjectionTransaction(): Promise<PoolClient> {
    const client = await database.pool.connect();
    await client.query('BEGIN');
    await client.query('SELECT pg_current_xact_id()');
    return client;
  }

  async function end(client: PoolClient): Promise<void> {
    await client.query('COMMIT');
    client.release();
  }

  it('given an open projection transaction named as not appending, when an event is appended after it, then a reader sees the event at once', async () => {
    const start = await headCheckpoint(store);
    const projection = await openProjectionTransaction();
    const unname = await notAppending.name(projection);
    try {
      const appended = await store.append(newStreamId(), [sampleEvent()]);
      expect((await readToEnd(store, start)).events.map((event) => event.eventId)).toEqual([appended.events[0].eventId]);
    } finally {
      unname();
      await end(projection);
    }
  });

  it('given the same transaction not named, then the reader waits for it to end before it sees the event', async () => {
    const start = await headCheckpoint(store);
    const projection = await openProjectionTransaction();
    let ended = false;
    try {
      const appended = await store.append(newStreamId(), [sampleEvent()]);
      expect((await readToEnd(store, start)).events).toEqual([]);
      await end(projection);
      ended = true;
      expect((await readAtLeast(store, start, 1)).events.map((event) => event.eventId)).toEqual([appended.events[0].eventId]);
    } finally {
      if (!ended) await end(projection);
    }
  });

  it('given a slow append still open and a named projection transaction, then a later append is not seen before the slow one commits, and then both are, in order', async () => {
    const start = await headCheckpoint(store);
    const slow = await database.pool.connect();
    await slow.query('BEGIN');
    const streamId = newStreamId();
    const slowResult = await appendToPostgres(slow, streamId, prepareAppend(streamId, [sampleEvent()], clock.now()), 'any');
    const projection = await openProjectionTransaction();
    const unname = await notAppending.name(projection);
    try {
      const later = await store.append(newStreamId(), [sampleEvent()]);
      expect((await readToEnd(store, start)).events).toEqual([]);
      await end(slow);
      const { events } = await readAtLeast(store, start, 2);
      expect(events.map((event) => event.position)).toEqual([slowResult.events[0].position, later.events[0].position]);
    } finally {
      unname();
      await end(projection);
    }
  });
});
