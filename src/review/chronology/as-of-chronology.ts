import type { EventStore, RecordedEvent } from '../../ledger/event-store.port';
import { childStreamId } from '../../children/stream/child-stream';
import { compareEntries, foldChronology, type StoredEntry } from '../../projections/chronology/chronology-fold';
import { canSee } from '../viewer';
import type { ChronologyPage, ChronologyRequest } from './chronology-query';
import { cursorOf } from './chronology-query';

/**
 * The chronology as it was known at `request.asOf`, replayed from the ledger: only events recorded
 * before then (imported history by its original recording time), folded with the same functions as
 * the read model, so corrections recorded later are not applied. Linked records count only once
 * the link itself was recorded.
 */
export async function asOfChronology(store: EventStore, request: ChronologyRequest & { asOf: Date }): Promise<ChronologyPage> {
  const rows = [...(await knownEntries(store, request.childId, request.asOf))]
    .filter((row) => matches(request, row))
    .sort(compareEntries);
  const start = request.cursor ? rows.findIndex((row) => isAfterCursor(row, request)) : 0;
  const page = start < 0 ? [] : rows.slice(start, start + request.limit);
  const more = start >= 0 && rows.length > start + request.limit;
  return { items: page.map((row) => row.entry), nextCursor: more ? cursorOf({ ...page[page.length - 1].entry, occurredSort: page[page.length - 1].occurredSort }) : null };
}

/** Every row of the child and its linked records, as known before `knownBefore`. */
async function knownEntries(store: EventStore, childId: string, knownBefore: Date): Promise<StoredEntry[]> {
  const rows: StoredEntry[] = [];
  const seen = new Set<string>([childId]);
  const queue = [childId];
  while (queue.length > 0 && seen.size <= 100) {
    const events = (await store.readStream(childStreamId(queue.shift()!))).filter((event) => recordedBefore(event, knownBefore));
    rows.push(...foldChronology(events).values());
    for (const event of events) {
      const other = event.type === 'DuplicateRecordsLinked' ? (event.data?.otherChildId as string | undefined) : undefined;
      if (other && !seen.has(other)) {
        seen.add(other);
        queue.push(other);
      }
    }
  }
  return rows;
}

function recordedBefore(event: RecordedEvent, knownBefore: Date): boolean {
  return event.recordedAt.getTime() < knownBefore.getTime();
}

function matches(request: ChronologyRequest, row: StoredEntry): boolean {
  const { window, agency, types } = request;
  return canSee(request.viewer, row.entry)
    && (!window.from || row.occurredSort >= window.from)
    && (!window.toExclusive || row.occurredSort < window.toExclusive)
    && (!agency || row.entry.agencyId === agency)
    && (!types || types.includes(row.entry.type));
}

function isAfterCursor(row: StoredEntry, request: ChronologyRequest): boolean {
  const cursor = request.cursor!;
  const key: StoredEntry = { ...row, occurredSort: new Date(cursor.occurredSort), entry: { ...row.entry, recordedAt: cursor.recordedAt, position: cursor.position } };
  return compareEntries(row, key) > 0;
}
