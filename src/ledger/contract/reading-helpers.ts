import type { EventStore, RecordedEvent } from '../event-store.port';

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
