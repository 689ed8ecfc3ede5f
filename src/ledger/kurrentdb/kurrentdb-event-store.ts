import { AppendConsistencyViolationError, BACKWARDS, END, WrongExpectedVersionError, type KurrentDBClient } from '@kurrent/kurrentdb-client';
import type { Clock } from '../../common/clock';
import type {
  AppendOptions, AppendResult, CopiedEvents, EventStore, NewEvent, ReadAllOptions, ReadAllResult, ReaderLag, ReadStreamOptions,
  RecordedEvent, StoreVerification, StreamAppend, StreamVerification, VerifyProgress,
} from '../event-store.port';
import { appendResultOf } from '../append-result';
import { assertCopiedFaithfully, preparedCopies } from '../copy-in';
import { assertValidExpectedRevision } from '../expected-revision';
import { verifyChain } from '../hash-chain/verify-chain';
import { classifyRetry, type StoredIdentity } from '../idempotent-replay';
import { InvalidAppendError, LedgerUnavailableError, VersionConflictError } from '../ledger-errors';
import { prepareAppend } from '../prepare-append';
import { summariseVerifications } from '../verify-all';
import { sealingMarksAmong } from '../sealing-marks';
import { EMPTY_HEAD, fromEventIdMarker, planAppend, type PendingAppend, type StreamHead } from './kurrent-append-plan';
import { fromKurrentEvent, toLedgerError } from './kurrent-mapping';
import { KurrentReader } from './kurrent-reader';
import { eventIdMarkerStream, isEventIdMarkerStream, kurrentStreamOf, sealingMarkStream } from './kurrent-stream-names';
import { KurrentWakeUps } from './kurrent-wake-ups';

const DEFAULT_READ_LIMIT = 1000;
/** Writers racing on one stream re-read its head and try again; past this the store is called busy (503). */
const MAX_WRITE_ATTEMPTS = 20;

/**
 * The ledger on KurrentDB (ADR 0017, docs/scaling.md): the same port, contract and hash chain as
 * the PostgreSQL adapter, on KurrentDB 25.1 or later (atomic writes to several streams). Read models
 * stay in PostgreSQL; projections keep `$all` positions as their checkpoints.
 */
export class KurrentDbEventStore implements EventStore {
  private readonly reader: KurrentReader;
  private readonly wakeUps: KurrentWakeUps;

  constructor(
    private readonly client: KurrentDBClient,
    private readonly clock: Clock,
  ) {
    this.reader = new KurrentReader(client);
    this.wakeUps = new KurrentWakeUps(client);
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    const [result] = await this.appendMany([{ streamId, events, expectedRevision: options.expectedRevision }]);
    return result;
  }

  async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    const now = this.clock.now();
    const pending = appends.map((append): PendingAppend => {
      const expected = append.expectedRevision ?? 'any';
      assertValidExpectedRevision(expected);
      return { streamId: append.streamId, events: prepareAppend(append.streamId, append.events, now), expected };
    });
    assertIdsUnique(pending);
    try {
      return await this.appendAtomically(pending);
    } catch (error) {
      throw toLedgerError(error, pending[0].streamId, pending[0].expected);
    }
  }

  async copyIn(copies: readonly CopiedEvents[]): Promise<AppendResult[]> {
    const pending = preparedCopies(copies);
    let results: AppendResult[];
    try {
      results = await this.appendAtomically(pending);
    } catch (error) {
      throw toLedgerError(error, pending[0].streamId, pending[0].expected);
    }
    assertCopiedFaithfully(copies, results);
    return results;
  }

  /**
   * Read each stream's head, chain the new events onto it, write everything in one atomic write at
   * those exact heads. A retry (its ids already taken) is answered with the original result; a head
   * moved by another writer in between is read again.
   */
  private async appendAtomically(appends: readonly PendingAppend[]): Promise<AppendResult[]> {
    const results: Array<AppendResult | undefined> = appends.map(() => undefined);
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const open = appends.map((append, index) => ({ append, index })).filter(({ index }) => !results[index]);
      if (open.length === 0) return results as AppendResult[];
      const heads = await Promise.all(open.map(({ append }) => this.readHead(append.streamId)));
      let plan: ReturnType<typeof planAppend>;
      try {
        plan = planAppend(open.map(({ append }) => append), heads);
      } catch (error) {
        // A retry is answered as one even when its expectation no longer holds (the stream moved on since).
        if (!(error instanceof VersionConflictError)) throw error;
        const replays = await this.replays(open.map(({ append }) => append));
        if (replays.every((replay) => !replay)) throw error;
        replays.forEach((replay, k) => (results[open[k].index] = replay));
        continue;
      }
      try {
        await this.client.multiStreamAppend(plan.requests);
      } catch (error) {
        const stream = conflictingStream(error);
        if (stream === undefined) throw error;
        if (isEventIdMarkerStream(stream)) {
          const replays = await this.replays(open.map(({ append }) => append));
          replays.forEach((replay, k) => (results[open[k].index] = replay));
        }
        continue;
      }
      this.wakeUps.appended();
      const appended = await Promise.all(plan.chained.map((chained) => this.appendedEvents(chained.streamId, chained.revisions[0], chained.revisions.length)));
      appended.forEach((events, k) => (results[open[k].index] = appendResultOf(open[k].append.streamId, events, false)));
      return results as AppendResult[];
    }
    throw new LedgerUnavailableError('The event store stayed too busy with other writers to this record; try again');
  }

  private async readHead(streamId: string): Promise<StreamHead> {
    const last = await this.reader.first(kurrentStreamOf(streamId), { direction: BACKWARDS, fromRevision: END });
    if (!last) return EMPTY_HEAD;
    const event = fromKurrentEvent(last);
    return { revision: event.revision, hash: Buffer.from(event.hash, 'hex') };
  }

  /** For each append: its original result when it is an exact retry, undefined when it is new; throws on a mismatch. */
  private async replays(appends: readonly PendingAppend[]): Promise<Array<AppendResult | undefined>> {
    const stored = new Map<string, StoredIdentity>();
    await Promise.all(appends.flatMap((append) => append.events).map(async ({ eventId }) => {
      const marker = await this.reader.first(eventIdMarkerStream(eventId));
      if (marker) stored.set(eventId, fromEventIdMarker(eventId, marker));
    }));
    return Promise.all(appends.map(async (append) => {
      const retry = classifyRetry(append.streamId, append.events, stored);
      if (!retry) return undefined;
      return appendResultOf(append.streamId, await this.appendedEvents(append.streamId, retry[0].revision, retry.length), true);
    }));
  }

  /** Read back, for the positions KurrentDB gave the events (the write answers with one position only). */
  private async appendedEvents(streamId: string, fromRevision: number, count: number): Promise<RecordedEvent[]> {
    return this.reader.stream(streamId, { fromRevision, limit: count });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.reading(() => this.reader.stream(streamId, options));
  }

  /** `$all` is in commit order in KurrentDB: a reader never meets a later position before an earlier one. */
  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    const events = await this.reading(() => this.reader.allAfter(options.after, options.limit ?? DEFAULT_READ_LIMIT));
    return { events, checkpoint: events.length ? events[events.length - 1].checkpoint : options.after };
  }

  onAppended(listener: () => void): () => void {
    return this.wakeUps.onAppended(listener);
  }

  /**
   * Events in KurrentDB cannot be edited, but an operator can truncate or delete a stream, or give it
   * a retention setting that drops events: each is reported at the first revision it hides.
   */
  async verifyStream(streamId: string): Promise<StreamVerification> {
    return this.reading(async () => {
      const [events, { metadata }] = await Promise.all([this.reader.stream(streamId), this.client.getStreamMetadata(kurrentStreamOf(streamId))]);
      const verification = verifyChain(streamId, events);
      const hiding = metadata && (metadata.truncateBefore !== undefined || metadata.maxAge !== undefined || metadata.maxCount !== undefined);
      if (!verification.valid || !hiding) return verification;
      return { ...verification, valid: false, headHash: null, firstBrokenRevision: 0, reason: 'stream truncated, deleted or given a retention setting in KurrentDB' };
    });
  }

  /** Finds every stream through `$all` (a deleted stream's events stay there until scavenged), then verifies each. */
  async verifyAll(onProgress?: (progress: VerifyProgress) => void): Promise<StoreVerification> {
    const { events, streamIds } = await this.reading(() => this.census());
    const reader = this;
    const verifications = (async function* () {
      for (const streamId of [...streamIds].sort()) yield reader.verifyStream(streamId);
    })();
    return summariseVerifications(verifications, events, onProgress);
  }

  /** A walk over `$all`: KurrentDB keeps no count of a filtered set of streams (used for progress bars, not on hot paths). */
  async statistics(): Promise<{ events: number; streams: number }> {
    const { events, streamIds } = await this.reading(() => this.census());
    return { events, streams: streamIds.size };
  }

  async lagAfter(after: string | undefined): Promise<ReaderLag> {
    return this.reading(async () => {
      const [newest, [next]] = await Promise.all([this.reader.newest(), this.reader.allAfter(after, 1)]);
      return {
        headPosition: newest ? newest.position : 0,
        oldestUnreadArrivedAt: next ? next.importedAt ?? next.recordedAt : null,
      };
    });
  }

  async hasSealingMarks(streamId: string): Promise<boolean> {
    return this.reading(async () => (await this.reader.first(sealingMarkStream(streamId))) !== undefined);
  }

  /** Nearly every stream has no mark (one small read says so); a marked one is read whole and sifted. */
  async readSealingMarks(streamId: string): Promise<RecordedEvent[]> {
    return (await this.hasSealingMarks(streamId)) ? sealingMarksAmong(await this.readStream(streamId)) : [];
  }

  async close(): Promise<void> {
    this.wakeUps.close();
    await this.client.dispose();
  }

  private async census(): Promise<{ events: number; streamIds: Set<string> }> {
    const streamIds = new Set<string>();
    let events = 0;
    for await (const event of this.reader.everyEvent()) {
      events += 1;
      streamIds.add(event.streamId);
    }
    return { events, streamIds };
  }

  private async reading<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      throw toLedgerError(error, '', 'any');
    }
  }
}

/** One event id twice in one atomic write would make its marker conflict with itself: refused before writing, as PostgreSQL's unique index would. */
function assertIdsUnique(appends: readonly PendingAppend[]): void {
  const seen = new Set<string>();
  for (const { eventId } of appends.flatMap((append) => append.events)) {
    if (seen.has(eventId)) throw new InvalidAppendError('The same event id appears twice in one append', { eventId });
    seen.add(eventId);
  }
}

/** The stream whose expectation failed in an atomic write, when that is why it failed. */
function conflictingStream(error: unknown): string | undefined {
  if (error instanceof WrongExpectedVersionError) return error.streamName;
  if (error instanceof AppendConsistencyViolationError) {
    const names = error.violations.map((violation) => violation.streamName);
    return names.find(isEventIdMarkerStream) ?? names[0];
  }
  return undefined;
}
