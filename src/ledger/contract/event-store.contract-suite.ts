import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventStore, RecordedEvent } from '../event-store.port';
import { InMemoryEventStore } from '../memory/in-memory-event-store';
import { ManualClock, newStreamId, sampleEvent, sampleEvents } from './sample-events';
import { registerIdempotencyContract } from './idempotency.contract-suite';
import { registerPropertyContract } from './model-property.contract-suite';
import { registerReadingContract } from './reading.contract-suite';

/** What each adapter's test file supplies to run the contract against it. */
export interface ContractHarness {
  store: EventStore;
  clock: ManualClock;
  /**
   * Changes one stored event behind the store's back, as an attacker with database access would.
   * A store whose events cannot be edited in place (KurrentDB) hides them instead, and returns the
   * first revision verification must then report.
   */
  tamper(streamId: string, revision: number, change: { data?: Record<string, unknown>; type?: string }): Promise<number | void>;
  close(): Promise<void>;
}

export interface ContractContext {
  harness(): ContractHarness;
}

/**
 * The one contract every event store adapter passes (DESIGN.md, "The event store"). Each adapter's
 * test file calls this with a factory; the scenarios are written once, here.
 */
export function eventStoreContract(adapterName: string, open: (clock: ManualClock) => Promise<ContractHarness>): void {
  describe(`EventStore contract: ${adapterName}`, () => {
    let harness: ContractHarness;
    beforeAll(async () => {
      harness = await open(new ManualClock());
    });
    afterAll(async () => harness.close());
    const context: ContractContext = { harness: () => harness };

    registerExpectedRevisionContract(context);
    registerReadingContract(context);
    registerIdempotencyContract(context);
    registerHashChainContract(context);
    registerPropertyContract(context);
    registerCopyContract(context);
  });
}

function registerCopyContract(context: ContractContext): void {
  describe('copying in from another store (migrate-events)', () => {
    const store = () => context.harness().store;
    const kept = ({ position: _position, checkpoint: _checkpoint, ...rest }: RecordedEvent) => rest;

    it('given events another store recorded, live and imported, then they are kept with their ids, revisions, times and hashes, once', async () => {
      const elsewhere = new InMemoryEventStore(new ManualClock(new Date('2024-05-06T07:08:09.000Z')));
      const streamId = newStreamId();
      await elsewhere.append(streamId, [sampleEvent(), sampleEvent({ historical: { recordedAt: new Date('2018-01-02T03:04:05.000Z'), recordedAtKnown: true } })]);
      await elsewhere.append(streamId, sampleEvents(2));
      const original = await elsewhere.readStream(streamId);
      const first = await store().copyIn([{ streamId, events: original.slice(0, 3) }]);
      expect(first[0]).toMatchObject({ replayed: false, lastRevision: 2 });
      await store().copyIn([{ streamId, events: original.slice(3) }]);
      expect((await store().readStream(streamId)).map(kept)).toEqual(original.map(kept));
      expect(await store().verifyStream(streamId)).toMatchObject({ valid: true, headHash: original[3].hash });
      expect((await store().copyIn([{ streamId, events: original }]))[0]).toMatchObject({ replayed: true, lastRevision: 3 });
    });

    it('refuses a run that does not start where the stream stands, or skips a revision, storing nothing', async () => {
      const elsewhere = new InMemoryEventStore();
      const streamId = newStreamId();
      await elsewhere.append(streamId, sampleEvents(3));
      const original = await elsewhere.readStream(streamId);
      await expect(store().copyIn([{ streamId, events: original.slice(1) }])).rejects.toMatchObject({ code: 'LEDGER.VERSION_CONFLICT', actual: -1 });
      await expect(store().copyIn([{ streamId, events: [original[0], original[2]] }])).rejects.toMatchObject({ code: 'LEDGER.INVALID_APPEND' });
      expect(await store().readStream(streamId)).toEqual([]);
    });
  });
}

function registerExpectedRevisionContract(context: ContractContext): void {
  describe('expected revision', () => {
    const store = () => context.harness().store;

    it.each(['any', 'no_stream'] as const)('given a new stream, when appending with %s, then it starts at revision 0', async (mode) => {
      const result = await store().append(newStreamId(), sampleEvents(2), { expectedRevision: mode });
      expect(result.events.map((e) => e.revision)).toEqual([0, 1]);
      expect(result.lastRevision).toBe(1);
      expect(result.replayed).toBe(false);
    });

    it.each([
      ['stream_exists', -1],
      [0, -1],
    ] as const)('given a new stream, when appending with %s, then it conflicts with actual %s', async (mode, actual) => {
      const streamId = newStreamId();
      await expect(store().append(streamId, [sampleEvent()], { expectedRevision: mode })).rejects.toMatchObject({
        code: 'LEDGER.VERSION_CONFLICT', streamId, expected: mode, actual,
      });
      expect(await store().readStream(streamId)).toEqual([]);
    });

    it.each([
      ['any', true],
      ['stream_exists', true],
      [2, true],
      ['no_stream', false],
      [1, false],
      [3, false],
    ] as const)('given a stream at revision 2, when appending with %s, then success is %s', async (mode, succeeds) => {
      const streamId = newStreamId();
      await store().append(streamId, sampleEvents(3));
      const attempt = store().append(streamId, [sampleEvent()], { expectedRevision: mode });
      if (succeeds) {
        expect((await attempt).events[0].revision).toBe(3);
      } else {
        await expect(attempt).rejects.toMatchObject({ code: 'LEDGER.VERSION_CONFLICT', streamId, expected: mode, actual: 2 });
        expect(await store().readStream(streamId)).toHaveLength(3);
      }
    });

    it('given appends to ten streams at once, one with a wrong expectation, then only that one fails', async () => {
      const streams = Array.from({ length: 10 }, newStreamId);
      const outcomes = await Promise.allSettled(streams.map((streamId, i) =>
        store().append(streamId, sampleEvents(2), { expectedRevision: i === 4 ? 'stream_exists' : 'no_stream' })));
      expect(outcomes.map((outcome) => outcome.status)).toEqual(streams.map((_, i) => (i === 4 ? 'rejected' : 'fulfilled')));
      expect((outcomes[4] as PromiseRejectedResult).reason).toMatchObject({ code: 'LEDGER.VERSION_CONFLICT', actual: -1 });
      for (const [i, streamId] of streams.entries()) expect(await store().readStream(streamId)).toHaveLength(i === 4 ? 0 : 2);
    });

    it('given two appends that must go together, when the second conflicts, then neither is written; else both are', async () => {
      const [a, b] = [newStreamId(), newStreamId()];
      await expect(store().appendMany([
        { streamId: a, events: sampleEvents(1), expectedRevision: 'no_stream' },
        { streamId: b, events: sampleEvents(1), expectedRevision: 'stream_exists' },
      ])).rejects.toMatchObject({ code: 'LEDGER.VERSION_CONFLICT', streamId: b });
      expect(await store().readStream(a)).toEqual([]);
      const results = await store().appendMany([
        { streamId: a, events: sampleEvents(1), expectedRevision: 'no_stream' },
        { streamId: b, events: sampleEvents(2) },
      ]);
      expect(results.map((result) => [result.streamId, result.lastRevision])).toEqual([[a, 0], [b, 1]]);
    });

    it('given one event id in two appends that must go together, then both are refused and nothing is stored', async () => {
      const [a, b] = [newStreamId(), newStreamId()];
      const event = sampleEvent();
      await expect(store().appendMany([{ streamId: a, events: [event] }, { streamId: b, events: [{ ...event }] }])).rejects.toMatchObject({ code: expect.stringMatching(/^LEDGER\./) });
      expect(await store().readStream(a)).toEqual([]);
      expect(await store().readStream(b)).toEqual([]);
    });

    it('refuses a malformed expected revision, an empty append and a repeated id, storing nothing', async () => {
      const streamId = newStreamId();
      const event = sampleEvent();
      await expect(store().append(streamId, [event], { expectedRevision: -1 })).rejects.toMatchObject({ code: 'LEDGER.INVALID_APPEND' });
      await expect(store().append(streamId, [])).rejects.toMatchObject({ code: 'LEDGER.INVALID_APPEND' });
      await expect(store().append(streamId, [event, event])).rejects.toMatchObject({ code: 'LEDGER.INVALID_APPEND' });
      await expect(store().append(streamId, [sampleEvent({ data: { text: 'nul \u0000 byte' } })])).rejects.toMatchObject({ code: 'LEDGER.INVALID_APPEND' });
      await expect(store().append(streamId, [sampleEvent({ occurredAt: '2026-13-45' , occurredAtPrecision: 'date-time' })])).rejects.toMatchObject({ code: 'LEDGER.INVALID_APPEND' });
      expect(await store().readStream(streamId)).toEqual([]);
    });
  });
}

function registerHashChainContract(context: ContractContext): void {
  describe('hash chain', () => {
    const store = () => context.harness().store;

    it('given a stream, then it verifies and its head hash is the last event hash', async () => {
      const streamId = newStreamId();
      await store().append(streamId, sampleEvents(3));
      const last = await store().append(streamId, sampleEvents(2));
      const verification = await store().verifyStream(streamId);
      expect(verification).toMatchObject({ valid: true, events: 5, headHash: last.events[1].hash });
      expect(verification.firstBrokenRevision).toBeUndefined();
    });

    it.each([
      ['payload', { data: { description: 'altered' } }],
      ['envelope', { type: 'ReferralMade' }],
    ])('given a %s altered behind the store, then verify names that revision', async (_what, change) => {
      const streamId = newStreamId();
      await store().append(streamId, sampleEvents(4));
      const reported = (await context.harness().tamper(streamId, 2, change)) ?? 2;
      expect(await store().verifyStream(streamId)).toMatchObject({ valid: false, firstBrokenRevision: reported });
      const all = await store().verifyAll();
      expect(all.valid).toBe(false);
      expect(all.broken).toContainEqual(expect.objectContaining({ streamId, firstBrokenRevision: reported }));
    });
  });
}
