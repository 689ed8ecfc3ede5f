import { describe, expect, it } from '@jest/globals';
import type { EventStore } from '../event-store.port';
import { CatchUpSubscription } from '../subscription/catch-up-subscription';
import type { ContractContext } from './event-store.contract-suite';
import { headCheckpoint, readAtLeast, readToEnd, waitFor } from './reading-helpers';
import { newStreamId, sampleEvent, sampleEvents } from './sample-events';

export function registerReadingContract(context: ContractContext): void {
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

    it('tells which streams hold a sealed event or a change of sensitivity', async () => {
      const [plain, sealed, changed] = [newStreamId(), newStreamId(), newStreamId()];
      await store().append(plain, [sampleEvent()]);
      const base = sampleEvent();
      await store().append(sealed, [sampleEvent(), sampleEvent({ metadata: { ...base.metadata, sensitivity: 'sealed' } })]);
      await store().append(changed, [sampleEvent({ type: 'SensitivityChanged', data: { eventId: base.eventId, sensitivity: 'normal', reason: 'Fictional: unsealed.' } })]);
      expect(await store().hasSealingMarks(plain)).toBe(false);
      expect(await store().hasSealingMarks(sealed)).toBe(true);
      expect(await store().hasSealingMarks(changed)).toBe(true);
      expect(await store().hasSealingMarks(newStreamId())).toBe(false);
    });

    it('reads only the events that decide what is hidden: sealed ones, changes of sensitivity, and the events they name', async () => {
      const [plain, marked] = [newStreamId(), newStreamId()];
      await store().append(plain, sampleEvents(3));
      const [before, named, sealed, after] = [sampleEvent(), sampleEvent(), sampleEvent(), sampleEvent()];
      const change = sampleEvent({ type: 'SensitivityChanged', data: { eventId: named.eventId, sensitivity: 'sealed', reason: 'Fictional: sealed later.' } });
      const strange = sampleEvent({ type: 'SensitivityChanged', data: { eventId: 'not-an-event-id', sensitivity: 'normal', reason: 'Fictional: names nothing.' } });
      await store().append(marked, [before, named, { ...sealed, metadata: { ...sealed.metadata, sensitivity: 'sealed' } }, change, after, strange]);
      expect(await store().readSealingMarks(plain)).toEqual([]);
      expect(await store().readSealingMarks(newStreamId())).toEqual([]);
      const marks = await store().readSealingMarks(marked);
      expect(marks.map((event) => [event.revision, event.eventId])).toEqual([[1, named.eventId], [2, sealed.eventId], [3, change.eventId], [5, strange.eventId]]);
      expect(marks).toEqual((await store().readStream(marked)).filter((event) => [1, 2, 3, 5].includes(event.revision)));
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
