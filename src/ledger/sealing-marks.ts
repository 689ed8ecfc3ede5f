import type { RecordedEvent } from './event-store.port';

/** Recorded sealed, or a change of sensitivity: the events that can hide something in a stream. */
export function isSealingMark(event: Pick<RecordedEvent, 'type' | 'metadata'>): boolean {
  return event.metadata.sensitivity === 'sealed' || event.type === 'SensitivityChanged';
}

/**
 * The events of a stream that decide what may be hidden from a reader (`EventStore.readSealingMarks`):
 * its sealing marks, and every event a `SensitivityChanged` names, in revision order. Any other event
 * is recorded below "sealed" and never changed, so it is hidden from nobody.
 */
export function sealingMarksAmong(events: readonly RecordedEvent[]): RecordedEvent[] {
  const named = new Set(events.filter((event) => event.type === 'SensitivityChanged').map((event) => String(event.data?.eventId)));
  return events.filter((event) => isSealingMark(event) || named.has(event.eventId));
}
