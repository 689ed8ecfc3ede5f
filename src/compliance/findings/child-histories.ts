import type { RecordedEvent } from '../../ledger/event-store.port';
import { historiesInOrder, historyRows, type EventRows, type Executor } from './compliance-tables';

/** A child a batch affects, and the revision of the batch's first event of the child (none: only a sibling's signal). */
export interface ChildInBatch { childId: string; nextRevision?: number }

// Enough for every recent child of a busy partnership; an event held here is a few hundred bytes (no hashes, no delivery metadata).
const CACHE_EVENTS = 250_000;

/**
 * The children's events the compliance projection judges, kept in memory between batches so that a
 * child's history is not read back from the database for every new event. Events are immutable and
 * each child's arrive in revision order, so a cached history only grows; after a failed batch the
 * children it touched are read again.
 *
 * It lives where the judging is done (the live judging thread, or this thread: live-judging.ts), so it
 * never reads the database itself: `missing` names the children to read (`readMissingHistories`), and
 * `take` is handed what was read.
 */
export class ChildHistories {
  private readonly cache = new Map<string, { events: RecordedEvent[] }>();
  private size = 0;

  /**
   * The children whose history is not held here, or is held with a gap before the batch's first
   * event of the child (`nextRevision`): another instance projected the events between while this
   * one did not hold the projection's lease. A child's events have every revision, so a gap is
   * certain to mean events never seen here; such a history is dropped and read again.
   */
  missing(table: string, children: readonly ChildInBatch[]): string[] {
    const missing: string[] = [];
    for (const { childId, nextRevision } of children) {
      const cached = this.cache.get(`${table}/${childId}`);
      const last = cached?.events[cached.events.length - 1];
      if (cached && nextRevision !== undefined && last && last.revision + 1 < nextRevision) this.drop(`${table}/${childId}`);
      else if (cached) continue;
      missing.push(childId);
    }
    return missing;
  }

  /**
   * The whole history of each child: held ones from memory, the others from `rows` (their stored
   * events as read, in any order), which are held from now on.
   */
  take(table: string, children: readonly string[], rows: EventRows): Map<string, RecordedEvent[]> {
    const read = historiesInOrder(rows);
    const histories = new Map<string, RecordedEvent[]>();
    for (const childId of children) {
      const key = `${table}/${childId}`;
      const cached = this.cache.get(key);
      if (cached) {
        this.cache.delete(key); // re-inserted below: the Map's order is the eviction order
        this.cache.set(key, cached);
        histories.set(childId, cached.events);
      } else {
        const events = read.get(childId) ?? [];
        histories.set(childId, events);
        this.remember(key, events);
      }
    }
    return histories;
  }

  /**
   * Adds a batch's events to the histories taken for it (cached ones included: they are the same
   * arrays). An event already there (a batch tried again) is not added twice.
   */
  merge(histories: Map<string, RecordedEvent[]>, events: readonly RecordedEvent[], childOf: (event: RecordedEvent) => string): void {
    for (const event of events) {
      const list = histories.get(childOf(event));
      if (!list) continue;
      const last = list[list.length - 1];
      if (last && last.revision >= event.revision) continue;
      list.push(event);
      this.size += 1;
    }
  }

  /** After a failed batch: nothing cached for these children can be trusted. */
  forget(table: string, children: Iterable<string>): void {
    for (const childId of children) this.drop(`${table}/${childId}`);
  }

  private remember(key: string, events: RecordedEvent[]): void {
    if (events.length === 0 || events.length > CACHE_EVENTS / 4) return;
    this.cache.set(key, { events });
    this.size += events.length;
    for (const [oldest] of this.cache) {
      if (this.size <= CACHE_EVENTS) break;
      this.drop(oldest);
    }
  }

  private drop(key: string): void {
    const cached = this.cache.get(key);
    if (!cached) return;
    this.size -= cached.events.length;
    this.cache.delete(key);
  }
}

/** The stored events of children `ChildHistories` does not hold, as text, in no particular order (`take` orders them). */
export function readMissingHistories(executor: Executor, table: string, children: readonly string[]): Promise<EventRows> {
  return historyRows(executor, table, children, { inOrder: false });
}
