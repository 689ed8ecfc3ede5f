import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { openTestLedger, type TestLedger } from '../../../test/setup/test-ledger';
import { describeOnServer } from '../../../test/setup/test-database';
import { newStreamId, sampleEvent, sampleEvents } from '../contract/sample-events';
import { VersionConflictError } from '../ledger-errors';
import { PostgresEventStore } from './postgres-event-store';

describeOnServer('PostgreSQL appends from many concurrent writers', () => {
  let ledger: TestLedger;
  let store: PostgresEventStore;

  beforeAll(async () => {
    ledger = await openTestLedger(60);
    ({ store } = ledger);
  });
  afterAll(() => ledger.close());

  it('given 50 writers expecting the same revision, then exactly one wins and the others see the winner\'s revision', async () => {
    const streamId = newStreamId();
    await store.append(streamId, [sampleEvent()]);
    const outcomes = await Promise.allSettled(Array.from({ length: 50 }, () => store.append(streamId, sampleEvents(2), { expectedRevision: 0 })));
    const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const losers = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(winners).toHaveLength(1);
    expect(losers.every((loser) => loser.reason instanceof VersionConflictError && loser.reason.actual === 2)).toBe(true);
    expect((await store.readStream(streamId)).map((e) => e.revision)).toEqual([0, 1, 2]);
  });

  it('given 50 writers each appending 4 times with exact revisions and retrying on conflict, then revisions have no gap and no duplicate', async () => {
    const streamId = newStreamId();
    const wins = new Map<number, number>();
    await Promise.all(Array.from({ length: 50 }, async () => {
      for (let done = 0; done < 4; ) {
        const [head] = await store.readStream(streamId, { direction: 'backwards', limit: 1 });
        const expectedRevision = head ? head.revision : 'no_stream';
        try {
          const result = await store.append(streamId, [sampleEvent()], { expectedRevision });
          wins.set(result.lastRevision, (wins.get(result.lastRevision) ?? 0) + 1);
          done += 1;
        } catch (error) {
          if (!(error instanceof VersionConflictError)) throw error;
        }
      }
    }));
    const stream = await store.readStream(streamId);
    expect(stream.map((e) => e.revision)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(new Set(stream.map((e) => e.eventId)).size).toBe(200);
    expect([...wins.values()].every((count) => count === 1)).toBe(true);
    expect((await store.verifyStream(streamId)).valid).toBe(true);
  });

  it('given a losing writer, then it burns no global position', async () => {
    const streamId = newStreamId();
    const first = await store.append(streamId, [sampleEvent()]);
    await expect(store.append(streamId, [sampleEvent()], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(VersionConflictError);
    const next = await store.append(streamId, [sampleEvent()]);
    expect(next.events[0].position).toBe(first.events[0].position + 1);
  });

  it('given the same new event sent twice at once, then it is stored once and both callers get the same result', async () => {
    const streamId = newStreamId();
    const event = sampleEvent();
    const [a, b] = await Promise.all([store.append(streamId, [event]), store.append(streamId, [event])]);
    expect(a.events).toEqual(b.events);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect(await store.readStream(streamId)).toHaveLength(1);
  });
});
