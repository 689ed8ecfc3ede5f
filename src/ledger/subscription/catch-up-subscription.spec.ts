import { describe, expect, it } from '@jest/globals';
import { newStreamId, sampleEvents } from '../contract/sample-events';
import { InMemoryEventStore } from '../memory/in-memory-event-store';
import { CatchUpSubscription } from './catch-up-subscription';

describe('catch-up subscription', () => {
  it('given events already stored, when started from the beginning, then it hands over the backlog and then new events', async () => {
    const store = new InMemoryEventStore();
    const backlog = await store.append(newStreamId(), sampleEvents(3));
    const seen: string[] = [];
    const subscription = new CatchUpSubscription(store, (event) => void seen.push(event.eventId), { batchSize: 2, pollIntervalMs: 10_000 }).start();
    const live = await store.append(newStreamId(), sampleEvents(2));
    const expected = [...backlog.events, ...live.events].map((e) => e.eventId);
    while (seen.length < expected.length) await new Promise((resolve) => setTimeout(resolve, 5));
    await subscription.stop();
    expect(seen).toEqual(expected); // the 10 s poll never fired: the append hint woke it
  });

  it('given a handler that fails, then the subscription stops at that event and reports the error, never skipping it', async () => {
    const store = new InMemoryEventStore();
    const appended = await store.append(newStreamId(), sampleEvents(3));
    const handled: string[] = [];
    const failure = new Error('projection cannot handle this event');
    const subscription = new CatchUpSubscription(store, (event) => {
      if (event.revision === 1) throw failure;
      handled.push(event.eventId);
    }, { pollIntervalMs: 10 }).start();
    await expect(subscription.stopped).rejects.toBe(failure);
    expect(handled).toEqual([appended.events[0].eventId]);
    expect(subscription.checkpoint).toBe(String(appended.events[0].position));
  });

  it('given a checkpoint the store cannot read from, then the subscription stops with that error instead of retrying for ever', async () => {
    const subscription = new CatchUpSubscription(new InMemoryEventStore(), () => undefined, { from: 'not-a-checkpoint', retryDelayMs: 10 }).start();
    await expect(subscription.stopped).rejects.toBeInstanceOf(RangeError);
  });
});
