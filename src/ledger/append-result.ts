import type { AppendResult, RecordedEvent } from './event-store.port';

/** What an append answers, from the events as stored (shared by the adapters that read their events back). */
export function appendResultOf(streamId: string, events: readonly RecordedEvent[], replayed: boolean): AppendResult {
  return {
    streamId,
    replayed,
    lastRevision: events[events.length - 1].revision,
    events: events.map(({ eventId, revision, position, recordedAt, hash }) => ({ eventId, revision, position, recordedAt, hash })),
  };
}
