import type { Clock } from '../../common/clock';
import { systemClock } from '../../common/clock';
import type {
  AppendOptions, AppendResult, CopiedEvents, EventStore, ExpectedRevision, NewEvent, ReadAllOptions, ReadAllResult, ReaderLag, ReadStreamOptions,
  RecordedEvent, StoreVerification, StreamAppend, StreamVerification, VerifyProgress,
} from '../event-store.port';
import { assertExpectedRevision, assertValidExpectedRevision } from '../expected-revision';
import { chainHash, GENESIS_HASH } from '../hash-chain/event-hashing';
import { verifyChain } from '../hash-chain/verify-chain';
import { classifyRetry, type StoredIdentity } from '../idempotent-replay';
import { prepareAppend, preparedContentFingerprint, type PreparedEvent } from '../prepare-append';
import { appendResultOf } from '../append-result';
import { assertCopiedFaithfully, preparedCopies } from '../copy-in';
import { summariseVerifications } from '../verify-all';
import { isSealingMark, sealingMarksAmong } from '../sealing-marks';

/**
 * The event store in process memory, for fast unit tests of deciders and handlers. Same contract as
 * the PostgreSQL adapter; not durable, single process. Appends run one at a time, like the
 * per-stream lock of the real store.
 */
export class InMemoryEventStore implements EventStore {
  private readonly all: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly identities = new Map<string, StoredIdentity>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly clock: Clock = systemClock) {}

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    return this.appendNow(streamId, events, options);
  }

  async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    return this.allOrNothing(() => appends.map((append) => this.appendNow(append.streamId, append.events, append)));
  }

  async copyIn(copies: readonly CopiedEvents[]): Promise<AppendResult[]> {
    const results = this.allOrNothing(() => preparedCopies(copies).map((copy) => this.appendPrepared(copy.streamId, copy.events, copy.expected)));
    assertCopiedFaithfully(copies, results);
    return results;
  }

  /** On any failure the store is put back as it was (nothing awaits in between). */
  private allOrNothing(work: () => AppendResult[]): AppendResult[] {
    const saved = { all: [...this.all], streams: new Map([...this.streams].map(([id, stream]) => [id, [...stream]])), identities: new Map(this.identities) };
    try {
      return work();
    } catch (error) {
      this.all.splice(0, this.all.length, ...saved.all);
      this.streams.clear();
      saved.streams.forEach((stream, id) => this.streams.set(id, stream));
      this.identities.clear();
      saved.identities.forEach((identity, id) => this.identities.set(id, identity));
      throw error;
    }
  }

  private appendNow(streamId: string, events: readonly NewEvent[], options: AppendOptions): AppendResult {
    const expected = options.expectedRevision ?? 'any';
    assertValidExpectedRevision(expected);
    return this.appendPrepared(streamId, prepareAppend(streamId, events, this.clock.now()), expected);
  }

  private appendPrepared(streamId: string, prepared: PreparedEvent[], expected: ExpectedRevision): AppendResult {
    const stream = this.streams.get(streamId) ?? [];
    const retry = classifyRetry(streamId, prepared, this.identities);
    if (retry) return this.replay(streamId, retry);
    assertExpectedRevision(streamId, expected, stream.length - 1);
    let previous: Buffer = stream.length ? Buffer.from(stream[stream.length - 1].hash, 'hex') : GENESIS_HASH;
    const recorded = prepared.map((event) => {
      const revision = stream.length;
      const position = this.all.length + 1;
      previous = chainHash(previous, revision, event.envelopeDigest);
      const stored: RecordedEvent = {
        streamId, revision, position, checkpoint: String(position), eventId: event.eventId, type: event.type,
        schemaVersion: event.schemaVersion, occurredAt: event.occurredAt, occurredAtPrecision: event.occurredAtPrecision,
        recordedAt: event.recordedAt, importedAt: event.importedAt, recordedAtKnown: event.recordedAtKnown,
        metadata: structuredClone(event.metadata), data: structuredClone(event.data),
        dataDigest: event.dataDigest.toString('hex'), hash: previous.toString('hex'),
      };
      stream.push(stored);
      this.all.push(stored);
      this.identities.set(event.eventId, { eventId: event.eventId, streamId, revision, fingerprint: preparedContentFingerprint(event) });
      return stored;
    });
    this.streams.set(streamId, stream);
    queueMicrotask(() => this.listeners.forEach((listener) => listener()));
    return appendResultOf(streamId, recorded, false);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const stream = this.streams.get(streamId) ?? [];
    const limit = options.limit ?? Number.MAX_SAFE_INTEGER;
    if (options.direction === 'backwards') {
      const from = Math.min(options.fromRevision ?? stream.length - 1, stream.length - 1);
      return stream.slice(Math.max(0, from - limit + 1), from + 1).reverse().map(copy);
    }
    const from = options.fromRevision ?? 0;
    return stream.slice(from, from + limit).map(copy);
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    const after = options.after === undefined ? 0 : Number(options.after);
    if (!Number.isSafeInteger(after) || after < 0) throw new RangeError('Not an in-memory ledger checkpoint');
    const events = this.all.slice(after, after + (options.limit ?? 1000)).map(copy);
    return { events, checkpoint: events.length ? events[events.length - 1].checkpoint : options.after };
  }

  onAppended(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async verifyStream(streamId: string): Promise<StreamVerification> {
    return verifyChain(streamId, this.streams.get(streamId) ?? []);
  }

  async verifyAll(onProgress?: (progress: VerifyProgress) => void): Promise<StoreVerification> {
    const ids = [...this.streams.keys()].sort();
    return summariseVerifications(ids.map((id) => verifyChain(id, this.streams.get(id)!)), this.all.length, onProgress);
  }

  async statistics(): Promise<{ events: number; streams: number }> {
    return { events: this.all.length, streams: this.streams.size };
  }

  async lagAfter(after: string | undefined): Promise<ReaderLag> {
    const next = this.all[after === undefined ? 0 : Number(after)];
    return {
      headPosition: this.all.length ? this.all[this.all.length - 1].position : 0,
      oldestUnreadArrivedAt: next ? new Date((next.importedAt ?? next.recordedAt).getTime()) : null,
    };
  }

  async hasSealingMarks(streamId: string): Promise<boolean> {
    return (this.streams.get(streamId) ?? []).some(isSealingMark);
  }

  async readSealingMarks(streamId: string): Promise<RecordedEvent[]> {
    return sealingMarksAmong(await this.readStream(streamId));
  }

  /** Test hook standing in for a superuser editing the database: mutates a stored event in place. */
  tamperForTest(streamId: string, revision: number, change: (event: RecordedEvent) => void): void {
    change(this.streams.get(streamId)![revision]);
  }

  private replay(streamId: string, identities: StoredIdentity[]): AppendResult {
    const stream = this.streams.get(streamId)!;
    return appendResultOf(streamId, identities.map((identity) => stream[identity.revision]), true);
  }
}

function copy(event: RecordedEvent): RecordedEvent {
  return structuredClone(event);
}
