import {
  BACKWARDS, END, FORWARDS, START, StreamNotFoundError, streamNameFilter,
  type KurrentDBClient, type ReadStreamOptions as KurrentReadStreamOptions, type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import type { ReadStreamOptions, RecordedEvent } from '../event-store.port';
import { fromKurrentEvent, positionOf } from './kurrent-mapping';
import { kurrentStreamOf, LEDGER_STREAM_PREFIX } from './kurrent-stream-names';

/** `$all` narrowed to the ledger's own streams: no bookkeeping streams, no system streams, no other system's. */
export const LEDGER_STREAMS = streamNameFilter({ prefixes: [LEDGER_STREAM_PREFIX] });

/** Reads of one KurrentDB database, returning the ledger's types; a stream that does not exist reads as empty. */
export class KurrentReader {
  constructor(private readonly client: KurrentDBClient) {}

  async first(kurrentStream: string, options: KurrentReadStreamOptions = {}): Promise<ResolvedEvent | undefined> {
    const [event] = await this.resolved(kurrentStream, { ...options, maxCount: 1 });
    return event;
  }

  async stream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (options.limit === 0) return [];
    const backwards = options.direction === 'backwards';
    const events = await this.resolved(kurrentStreamOf(streamId), {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.fromRevision === undefined ? (backwards ? END : START) : BigInt(options.fromRevision),
      ...(options.limit === undefined ? {} : { maxCount: options.limit }),
    });
    return events.map(fromKurrentEvent);
  }

  /**
   * Ledger events after `after` (a checkpoint) in `$all` order. KurrentDB reads `$all` from a position
   * inclusively, so the event at the checkpoint itself is read once more and dropped.
   */
  async allAfter(after: string | undefined, limit: number): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    const read = this.client.readAll({
      direction: FORWARDS, filter: LEDGER_STREAMS, maxCount: limit + (after === undefined ? 0 : 1),
      fromPosition: after === undefined ? START : positionOf(after),
    });
    for await (const resolved of read) {
      const event = fromKurrentEvent(resolved);
      if (event.checkpoint !== after) events.push(event);
    }
    return events.slice(0, limit);
  }

  async newest(): Promise<RecordedEvent | undefined> {
    for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, filter: LEDGER_STREAMS, maxCount: 1 })) {
      return fromKurrentEvent(resolved);
    }
    return undefined;
  }

  /** Every ledger event in `$all` order, a page at a time (for statistics and verification). */
  async *everyEvent(pageSize = 5000): AsyncGenerator<RecordedEvent> {
    let after: string | undefined;
    for (;;) {
      const page = await this.allAfter(after, pageSize);
      yield* page;
      if (page.length < pageSize) return;
      after = page[page.length - 1].checkpoint;
    }
  }

  private async resolved(kurrentStream: string, options: KurrentReadStreamOptions): Promise<ResolvedEvent[]> {
    const events: ResolvedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(kurrentStream, options)) events.push(resolved);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }
}
