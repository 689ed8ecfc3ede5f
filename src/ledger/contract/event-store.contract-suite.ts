import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventStore, RecordedEvent } from '../event-store.port';
import { CatchUpSubscription } from '../subscription/catch-up-subscription';
import { ManualClock, newStreamId, sampleEvent, sampleEvents } from './sample-events';
import { registerIdempotencyContract } from './idempotency.contract-suite';
import { registerPropertyContract } from './model-property.contract-suite';

/** What each adapter's test file supplies to run the contract against it. */
export interface ContractHarness {
  store: EventStore;
  clock: ManualClock;
  /** Changes one stored event behind the store's back, as an attacker with database access would. */
  tamper(streamId: string, revision: number, change: { data?: Record<string, unknown>; type?: string }): Promise<void>;
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

function registerReadingContract(context: ContractContext): void {
  describe('reading', () => {
    const store = () => context.harness().store;

    it('given an append, when reading the stream, then the events come back exactly as written, with server times', async () => {
      const { clock } = context.harness();
      const streamId = newStreamId();
      const written = [sampleEvent({ occurredAt: '2025-12-24', occurredAtPrecision: 'date' }), sampleEvent({ data: { nested: { list: [1, 2.5, 'three', null, true] } } })];
      clock.advance(60_000);
      const result = await store().append(streamId, written);
      const read = await store().readStream(streamId);
      expect(read.map(({ eventId, type, schemaVersion, occurredAt, occurredAtPrecision, data, metadata }) => ({ eventId, type, schemaVersion, occurredAt, occurredAtPrecision, data, metadata })))
        .toEqual(written.map(({ eventId, type, schemaVersion, occurredAt, occurredAtPrecision, data, metadata }) => ({ eventId, type, schemaVersion, occurredAt, occurredAtPrecision, data, metadata })));
      expect(read.map((e) => e.recordedAt)).toEqual([clock.now(), clock.now()]);
      expect(read.map((e) => [e.revision, e.position, e.hash])).toEqual(result.events.map((e) => [e.revision, e.position, e.hash]));
      expect(read.every((e) => e.importedAt === null && e.recordedAtKnown)).toBe(true);
    });

    it('given imported history, then its original recordedAt is kept beside the server importedAt', async () => {
      const { clock } = context.harness();
      const streamId = newStreamId();
      const original = new Date('2019-03-04T10:00:00.000Z');
      await store().append(streamId, [
        sampleEvent({ historical: { recordedAt: original, recordedAtKnown: true } }),
        sampleEvent({ historical: { recordedAt: new Date('2019-03-05T00:00:00.000Z'), recordedAtKnown: false } }),
      ]);
      const [first, second] = await store().readStream(streamId);
      expect(first).toMatchObject({ recordedAt: original, importedAt: clock.now(), recordedAtKnown: true });
      expect(second).toMatchObject({ recordedAtKnown: false });
      expect((await store().verifyStream(streamId)).valid).toBe(true);
    });

    it('reads a stream forwards and backwards from a revision, with a limit', async () => {
      const streamId = newStreamId();
      await store().append(streamId, sampleEvents(6));
      const revisions = async (options: Parameters<EventStore['readStream']>[1]) => (await store().readStream(streamId, options)).map((e) => e.revision);
      expect(await revisions({})).toEqual([0, 1, 2, 3, 4, 5]);
      expect(await revisions({ fromRevision: 2, limit: 3 })).toEqual([2, 3, 4]);
      expect(await revisions({ direction: 'backwards' })).toEqual([5, 4, 3, 2, 1, 0]);
      expect(await revisions({ direction: 'backwards', fromRevision: 3, limit: 2 })).toEqual([3, 2]);
      expect(await store().readStream(newStreamId())).toEqual([]);
    });

    it('given appends to several streams, when reading all from a checkpoint, then each event comes once, in commit order', async () => {
      const start = await headCheckpoint(store());
      const a = newStreamId();
      const b = newStreamId();
      const first = await store().append(a, sampleEvents(2));
      const second = await store().append(b, sampleEvents(3));
      const third = await store().append(a, sampleEvents(1));
      const { events } = await readAtLeast(store(), start, 6);
      const expected = [...first.events, ...second.events, ...third.events].map((e) => e.eventId);
      expect(events.map((e) => e.eventId)).toEqual(expected);
      expect((await readToEnd(store(), start, 2)).events.map((e) => e.eventId)).toEqual(expected); // in pages of 2
      expect(events.map((e) => e.position)).toEqual([...events.map((e) => e.position)].sort((x, y) => x - y));
    });

    it('given a catch-up subscription, when events are appended, then it hands over each one in order', async () => {
      const start = await headCheckpoint(store());
      const seen: string[] = [];
      const subscription = new CatchUpSubscription(store(), (event) => void seen.push(event.eventId), { from: start, pollIntervalMs: 50 }).start();
      const appended = [...(await store().append(newStreamId(), sampleEvents(3))).events, ...(await store().append(newStreamId(), sampleEvents(2))).events];
      await waitFor(() => seen.length >= appended.length);
      await subscription.stop();
      expect(seen).toEqual(appended.map((e) => e.eventId));
      expect(subscription.checkpoint).toBeDefined();
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
      await context.harness().tamper(streamId, 2, change);
      expect(await store().verifyStream(streamId)).toMatchObject({ valid: false, firstBrokenRevision: 2 });
      const all = await store().verifyAll();
      expect(all.valid).toBe(false);
      expect(all.broken).toContainEqual(expect.objectContaining({ streamId, firstBrokenRevision: 2 }));
    });
  });
}

export async function readToEnd(store: EventStore, after: string | undefined, limit = 1000): Promise<{ events: RecordedEvent[]; checkpoint: string | undefined }> {
  const events: RecordedEvent[] = [];
  let checkpoint = after;
  for (;;) {
    const page = await store.readAll({ after: checkpoint, limit });
    events.push(...page.events);
    checkpoint = page.checkpoint;
    if (page.events.length < limit) return { events, checkpoint };
  }
}

/**
 * Reads from `after` until at least `count` events came back. On a shared PostgreSQL server, a
 * transaction open in any other database holds back what every reader may see (ADR 0002), so a
 * test waits that out instead of reading once.
 */
export async function readAtLeast(store: EventStore, after: string | undefined, count: number, timeoutMs = 10_000): Promise<{ events: RecordedEvent[]; checkpoint: string | undefined }> {
  const events: RecordedEvent[] = [];
  let checkpoint = after;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const page = await readToEnd(store, checkpoint);
    events.push(...page.events);
    checkpoint = page.checkpoint;
    if (events.length >= count || Date.now() > deadline) return { events, checkpoint };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The checkpoint after every event committed so far, once all of them are readable. */
export async function headCheckpoint(store: EventStore): Promise<string | undefined> {
  const { events } = await store.statistics();
  return (await readAtLeast(store, undefined, events)).checkpoint;
}

export async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
