import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openTestLedger, type TestLedger } from '../../../test/setup/test-ledger';
import type { TestDatabase } from '../../../test/setup/test-database';
import { newStreamId, sampleEvents } from '../contract/sample-events';
import { PostgresEventStore } from './postgres-event-store';

describe('PostgreSQL immutability and tamper evidence', () => {
  let ledger: TestLedger;
  let database: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    ledger = await openTestLedger();
    ({ database, store } = ledger);
  });
  afterAll(() => ledger.close());

  it.each([
    ['UPDATE', `UPDATE ledger_events SET data = '{}' WHERE stream_id = $1`],
    ['DELETE', 'DELETE FROM ledger_events WHERE stream_id = $1'],
  ])('given stored events, when the application runs %s on them, then the database refuses', async (_operation, sql) => {
    const streamId = newStreamId();
    await store.append(streamId, sampleEvents(2));
    await expect(database.pool.query(sql, [streamId])).rejects.toMatchObject({ code: 'LDG09' });
    expect(await store.readStream(streamId)).toHaveLength(2);
  });

  it('refuses TRUNCATE of the events table', async () => {
    await store.append(newStreamId(), sampleEvents(1));
    await expect(database.pool.query('TRUNCATE ledger_events')).rejects.toMatchObject({ code: 'LDG09' });
    expect((await store.statistics()).events).toBeGreaterThan(0);
  });

  it('given the last events of a stream deleted behind the trigger, then verify reports the first missing revision', async () => {
    const streamId = newStreamId();
    await store.append(streamId, sampleEvents(4));
    const client = await database.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('ALTER TABLE ledger_events DISABLE TRIGGER ledger_events_no_update_or_delete');
      await client.query('DELETE FROM ledger_events WHERE stream_id = $1 AND revision >= 2', [streamId]);
      await client.query('ALTER TABLE ledger_events ENABLE TRIGGER ledger_events_no_update_or_delete');
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect(await store.verifyStream(streamId)).toMatchObject({ valid: false, firstBrokenRevision: 2 });
    expect((await store.verifyAll()).broken).toContainEqual(expect.objectContaining({ streamId, firstBrokenRevision: 2 }));
  });
});
