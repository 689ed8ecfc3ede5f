import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openTestLedger, type TestLedger } from '../../../test/setup/test-ledger';
import { newStreamId, sampleEvent } from '../contract/sample-events';

/*
 * The PostgreSQL adapter's append answers whether its stream holds a sealing mark
 * (LedgerAppendTellsSealingMarks, docs/adr/0022-appends-tell-sealing-marks.md), so that intake needs
 * no second round trip to know how to count an agency's revisions. It must say exactly what
 * `hasSealingMarks` says for the stream as the append left it.
 */
describe('An append on PostgreSQL tells whether its stream holds a sealing mark', () => {
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await openTestLedger();
  });
  afterAll(() => ledger.close());

  const sealed = () => sampleEvent({ metadata: { ...sampleEvent().metadata, sensitivity: 'sealed' } });
  const sensitivityChange = () => sampleEvent({ type: 'SensitivityChanged', data: { eventId: sampleEvent().eventId, sensitivity: 'normal', reason: 'Fictional: unsealed.' } });

  it('given a stream of ordinary events, then each append says no', async () => {
    const streamId = newStreamId();
    expect((await ledger.store.append(streamId, [sampleEvent()])).streamHasSealingMarks).toBe(false);
    expect((await ledger.store.append(streamId, [sampleEvent(), sampleEvent()])).streamHasSealingMarks).toBe(false);
  });

  it('given an append that writes a sealed event or a change of sensitivity, then that append and every later one say yes', async () => {
    for (const mark of [sealed, sensitivityChange]) {
      const streamId = newStreamId();
      await ledger.store.append(streamId, [sampleEvent()]);
      expect((await ledger.store.append(streamId, [sampleEvent(), mark()])).streamHasSealingMarks).toBe(true);
      expect((await ledger.store.append(streamId, [sampleEvent()])).streamHasSealingMarks).toBe(true);
      expect(await ledger.store.hasSealingMarks(streamId)).toBe(true);
    }
  });

  it('given a retry after a sealed event was appended, then the replayed answer speaks for the stream as it is now', async () => {
    const streamId = newStreamId();
    const first = sampleEvent();
    expect((await ledger.store.append(streamId, [first])).streamHasSealingMarks).toBe(false);
    await ledger.store.append(streamId, [sealed()]);
    const retry = await ledger.store.append(streamId, [first]);
    expect(retry).toMatchObject({ replayed: true, streamHasSealingMarks: true });
  });

  it('given appends to several streams together, then each answer speaks for its own stream', async () => {
    const [plain, marked] = [newStreamId(), newStreamId()];
    const [plainResult, markedResult] = await ledger.store.appendMany([
      { streamId: plain, events: [sampleEvent()] },
      { streamId: marked, events: [sealed()] },
    ]);
    expect([plainResult.streamHasSealingMarks, markedResult.streamHasSealingMarks]).toEqual([false, true]);
  });

  it('given appends grouped into one call by writers in the same turn, then each answer speaks for its own stream', async () => {
    const streamIds = Array.from({ length: 6 }, () => newStreamId());
    const results = await Promise.all(streamIds.map((streamId, index) => ledger.store.append(streamId, [index % 2 ? sealed() : sampleEvent()])));
    expect(results.map((result) => result.streamHasSealingMarks)).toEqual([false, true, false, true, false, true]);
  });
});
