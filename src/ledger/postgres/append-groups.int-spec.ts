import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openTestLedger, type TestLedger } from '../../../test/setup/test-ledger';
import { newStreamId, sampleEvents } from '../contract/sample-events';

/*
 * Group commit (docs/adr/0006-grouped-appends.md): appends made in the same turn of the event loop
 * leave in one call, so one transaction. Which transaction stored an event is in the ledger itself.
 */
describe('Grouped appends on PostgreSQL', () => {
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await openTestLedger();
  });
  afterAll(() => ledger.close());

  async function transactionsThatStored(streamIds: string[]): Promise<number> {
    const { rows } = await ledger.database.pool.query<{ transactions: string }>(
      'SELECT count(DISTINCT transaction_id) AS transactions FROM ledger_events WHERE stream_id = ANY ($1::text[])',
      [streamIds],
    );
    return Number(rows[0].transactions);
  }

  it('given 12 writers appending in the same turn, then their appends are stored by one transaction', async () => {
    const streamIds = Array.from({ length: 12 }, () => newStreamId());
    await Promise.all(streamIds.map((streamId) => ledger.store.append(streamId, sampleEvents(3), { expectedRevision: 'no_stream' })));
    expect(await transactionsThatStored(streamIds)).toBe(1);
  });

  it('given 32 writers appending 10 events each in the same turn, then the free calls share them: four transactions of 80 events, not one of 320', async () => {
    const streamIds = Array.from({ length: 32 }, () => newStreamId());
    await Promise.all(streamIds.map((streamId) => ledger.store.append(streamId, sampleEvents(10), { expectedRevision: 'no_stream' })));
    const { rows } = await ledger.database.pool.query<{ events: string }>(
      'SELECT count(*) AS events FROM ledger_events WHERE stream_id = ANY ($1::text[]) GROUP BY transaction_id',
      [streamIds],
    );
    expect(rows.map((row) => Number(row.events))).toEqual([80, 80, 80, 80]);
  });

  it('given 12 writers that append again as soon as they are answered, then each round leaves together, not one writer first', async () => {
    const streamIds = Array.from({ length: 12 }, () => newStreamId());
    const rounds = 5;
    // Every writer waits for its own answer before its next append, as an agency system does.
    await Promise.all(streamIds.map(async (streamId) => {
      for (let round = 0; round < rounds; round++) {
        await ledger.store.append(streamId, sampleEvents(2), { expectedRevision: round === 0 ? 'no_stream' : round * 2 - 1 });
      }
    }));
    // Answered together, the writers come back together: one call per round. Sent at the first
    // arrival, each round would split into a lone append and the rest (at least 10 transactions).
    expect(await transactionsThatStored(streamIds)).toBeLessThanOrEqual(rounds);
    const stored = await Promise.all(streamIds.map((streamId) => ledger.store.readStream(streamId)));
    expect(stored.map((events) => events.map((event) => event.revision))).toEqual(streamIds.map(() => [...Array(rounds * 2).keys()]));
  });
});
