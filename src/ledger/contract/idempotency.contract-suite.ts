import { describe, expect, it } from '@jest/globals';
import type { ContractContext } from './event-store.contract-suite';
import { newStreamId, sampleEvent, sampleEvents } from './sample-events';

export function registerIdempotencyContract(context: ContractContext): void {
  describe('idempotent retries', () => {
    const store = () => context.harness().store;

    it('given a stored event, when it is sent again after other appends and with any expectation, then the original result comes back and nothing is written', async () => {
      const streamId = newStreamId();
      const event = sampleEvent();
      const original = await store().append(streamId, [event], { expectedRevision: 'no_stream' });
      await store().append(streamId, sampleEvents(3));
      context.harness().clock.advance(3_600_000);
      for (const expectedRevision of ['no_stream', 0, 'any', 'stream_exists', 17] as const) {
        const retry = await store().append(streamId, [{ ...event, metadata: { ...event.metadata, correlationId: 'another-request' } }], { expectedRevision });
        expect(retry).toEqual({ ...original, replayed: true });
      }
      expect(await store().readStream(streamId)).toHaveLength(4);
    });

    it('given a stored batch, when the same batch is sent again, then the original results come back in order', async () => {
      const streamId = newStreamId();
      await store().append(streamId, sampleEvents(1));
      const batch = sampleEvents(3);
      const original = await store().append(streamId, batch, { expectedRevision: 0 });
      await store().append(streamId, sampleEvents(2));
      const retry = await store().append(streamId, batch, { expectedRevision: 0 });
      expect(retry.events).toEqual(original.events);
      expect(retry).toMatchObject({ replayed: true, lastRevision: 3 });
      expect(await store().readStream(streamId)).toHaveLength(6);
    });

    it('given a stored batch, when a batch overlaps it only in part, then it is refused and nothing is written', async () => {
      const streamId = newStreamId();
      const batch = sampleEvents(2);
      await store().append(streamId, batch);
      const fresh = sampleEvent();
      await expect(store().append(streamId, [batch[1], fresh])).rejects.toMatchObject({
        code: 'LEDGER.IDEMPOTENCY_PARTIAL_OVERLAP', storedEventIds: [batch[1].eventId], newEventIds: [fresh.eventId],
      });
      expect(await store().readStream(streamId)).toHaveLength(2);
    });

    it.each([
      ['content-differs', 'other data', { data: { description: 'something else' } }],
      ['content-differs', 'another author', { metadata: { agencyId: 'school-meadowbank', author: { id: 'someone-else' } } }],
      ['content-differs', 'another time', { occurredAt: '2026-01-13T09:30:00.000Z' }],
    ] as const)('given a stored event, when its id comes again with %s (%s), then it is refused', async (reason, _what, change) => {
      const streamId = newStreamId();
      const event = sampleEvent();
      await store().append(streamId, [event]);
      await expect(store().append(streamId, [{ ...event, ...change }])).rejects.toMatchObject({
        code: 'LEDGER.IDEMPOTENCY_MISMATCH', eventId: event.eventId, reason,
      });
      expect(await store().readStream(streamId)).toHaveLength(1);
    });

    it('given a stored event, when its id is sent to another stream, then it is refused there', async () => {
      const event = sampleEvent();
      await store().append(newStreamId(), [event]);
      const other = newStreamId();
      await expect(store().append(other, [event])).rejects.toMatchObject({ code: 'LEDGER.IDEMPOTENCY_MISMATCH', reason: 'other-stream' });
      expect(await store().readStream(other)).toEqual([]);
    });

    it('given a stored batch, when it is sent again in another order, then it is refused', async () => {
      const streamId = newStreamId();
      const [a, b] = sampleEvents(2);
      await store().append(streamId, [a, b]);
      await expect(store().append(streamId, [b, a])).rejects.toMatchObject({ code: 'LEDGER.IDEMPOTENCY_MISMATCH', reason: 'order-differs' });
    });
  });
}
