import type { RecordedEvent } from '../../ledger/event-store.port';

/** `child-<uuid>` → `<uuid>`: the chronology is kept per child. */
export function childIdOfStream(streamId: string): string {
  return streamId.startsWith('child-') ? streamId.slice('child-'.length) : streamId;
}

/** The chronology is kept per child: other streams (agencies, reviews) are not part of it. */
export function isChildEvent(event: Pick<RecordedEvent, 'streamId'>): boolean {
  return event.streamId.startsWith('child-');
}
