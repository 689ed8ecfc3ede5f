import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { AppendResult, ExpectedRevision, NewEvent } from '../event-store.port';
import type { ContractContext } from './event-store.contract-suite';
import { newStreamId, sampleEvent } from './sample-events';

type Step =
  | { kind: 'append'; stream: number; size: number; expected: 'any' | 'no_stream' | 'stream_exists' | 'current' | 'stale' }
  | { kind: 'retry'; pick: number }
  | { kind: 'mismatch'; pick: number };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('append' as const),
    stream: fc.integer({ min: 0, max: 2 }),
    size: fc.integer({ min: 1, max: 3 }),
    expected: fc.constantFrom('any' as const, 'no_stream' as const, 'stream_exists' as const, 'current' as const, 'stale' as const),
  }),
  fc.record({ kind: fc.constant('retry' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('mismatch' as const), pick: fc.nat() }),
);

/**
 * Random appends, retries and conflicts against a model that is a list per stream: the store must
 * agree with the model on every outcome, and its streams must read back as the model says.
 */
export function registerPropertyContract(context: ContractContext): void {
  describe('model-based property', () => {
    it('agrees with a simple model over random appends, retries and conflicts', async () => {
      const store = () => context.harness().store;
      await fc.assert(
        fc.asyncProperty(fc.array(stepArbitrary, { minLength: 1, maxLength: 12 }), async (steps) => {
          const streams = [newStreamId(), newStreamId(), newStreamId()];
          const model = new Map<string, string[]>(streams.map((id) => [id, []]));
          const done: Array<{ streamId: string; events: NewEvent[]; result: AppendResult }> = [];
          for (const step of steps) {
            if (step.kind === 'append') {
              const streamId = streams[step.stream];
              const current = model.get(streamId)!.length - 1;
              const expected = toExpected(step.expected, current);
              const events = Array.from({ length: step.size }, () => sampleEvent());
              const holds = expected === 'any' || (expected === 'no_stream' ? current === -1 : expected === 'stream_exists' ? current >= 0 : expected === current);
              const attempt = store().append(streamId, events, { expectedRevision: expected });
              if (holds) {
                const result = await attempt;
                expect(result.events.map((e) => e.revision)).toEqual(events.map((_, i) => current + 1 + i));
                model.get(streamId)!.push(...events.map((e) => e.eventId));
                done.push({ streamId, events, result });
              } else {
                await expect(attempt).rejects.toMatchObject({ code: 'LEDGER.VERSION_CONFLICT', actual: current });
              }
            } else if (done.length > 0) {
              const earlier = done[step.pick % done.length];
              if (step.kind === 'retry') {
                expect((await store().append(earlier.streamId, earlier.events)).events).toEqual(earlier.result.events);
              } else {
                const changed = { ...earlier.events[0], data: { changed: true } };
                await expect(store().append(earlier.streamId, [changed])).rejects.toMatchObject({ code: 'LEDGER.IDEMPOTENCY_MISMATCH' });
              }
            }
          }
          for (const streamId of streams) {
            expect((await store().readStream(streamId)).map((e) => e.eventId)).toEqual(model.get(streamId));
            expect((await store().verifyStream(streamId)).valid).toBe(true);
          }
        }),
        { numRuns: 40 },
      );
    });
  });
}

function toExpected(kind: Step & { kind: 'append' } extends { expected: infer E } ? E : never, current: number): ExpectedRevision {
  if (kind === 'current') return Math.max(current, 0);
  if (kind === 'stale') return current + 1;
  return kind;
}
