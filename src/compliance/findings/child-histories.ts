import type { PoolClient } from 'pg';
import type { RecordedEvent } from '../../ledger/event-store.port';
import { readHistories } from './compliance-tables';

// Enough for every recent child of a busy partnership; an event held here is a few hundred bytes (no hashes, no delivery metadata).
const CACHE_EVENTS = 250_000;

/**
 * The children's events the compliance projection judges, kept in memory between batches so that a
 * child's history is not read back from the database for every new event. Events are immutable and
 * each child's arrive in revision order, so a cached history only grows; after a failed batch the
 * children it touched are read again.
 */
export class ChildHistories {
  private readonly cache = new Map<string, { events: RecordedEvent[] }>();
  private size = 0;

  /**
   * Adds a batch's events to the histories loaded for it (cached ones included: they are the same
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

  /** The whole history of each child, from the cache or, for the others, from the projection's table (in the transaction). */
  async load(transaction: Pick<PoolClient, 'query'>, table: string, children: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const histories = new Map<string, RecordedEvent[]>();
    const missing: string[] = [];
    for (const childId of children) {
      const cached = this.cache.get(`${table}/${childId}`);
      if (cached) {
        this.cache.delete(`${table}/${childId}`); // re-inserted below: the Map's order is the eviction order
        this.cache.set(`${table}/${childId}`, cached);
        histories.set(childId, cached.events);
      } else {
        missing.push(childId);
      }
    }
    if (missing.length > 0) {
      for (const [childId, events] of await readHistories(transaction, table, missing)) histories.set(childId, events);
      for (const childId of missing) {
        const events = histories.get(childId) ?? [];
        histories.set(childId, events);
        this.remember(`${table}/${childId}`, events);
      }
    }
    return histories;
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
