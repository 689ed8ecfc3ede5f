import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { connectionSettings } from '../../database/database-connection';
import { describeOnServer, openTestDatabase, type TestDatabase } from '../../../test/setup/test-database';
import { headCheckpoint, waitFor } from '../contract/reading-helpers';
import { ManualClock, newStreamId, sampleEvents } from '../contract/sample-events';
import { CatchUpSubscription } from '../subscription/catch-up-subscription';
import { AppendNotifier } from './append-notifier';
import { PostgresEventStore } from './postgres-event-store';

// LISTEN/NOTIFY does not cross connections on the embedded database; there, polling alone wakes readers.
describeOnServer('append hints between two instances', () => {
  let database: TestDatabase;
  let listening: AppendNotifier;
  let other: AppendNotifier;

  beforeAll(async () => {
    database = await openTestDatabase();
    listening = new AppendNotifier(database.pool, connectionSettings(database.url));
    other = new AppendNotifier(database.pool, undefined);
    await listening.listen();
  });
  afterAll(async () => {
    await listening.close();
    await other.close();
    await database.close();
  });

  it('given a subscriber polling once a minute, when another instance appends, then the NOTIFY hint wakes it at once', async () => {
    const reader = new PostgresEventStore(database.pool, new ManualClock(), listening);
    const writer = new PostgresEventStore(database.pool, new ManualClock(), other);
    const checkpoint = await headCheckpoint(reader);
    const before = await writer.append(newStreamId(), sampleEvents(1));
    const seen: string[] = [];
    const subscription = new CatchUpSubscription(reader, (event) => void seen.push(event.eventId), { from: checkpoint, pollIntervalMs: 60_000 }).start();
    await waitFor(() => seen.length === 1); // read on start; now it waits up to a minute for a hint
    const after = await writer.append(newStreamId(), sampleEvents(2));
    await waitFor(() => seen.length === 3, 5_000);
    await subscription.stop();
    expect(seen).toEqual([...before.events, ...after.events].map((e) => e.eventId));
  });
});
