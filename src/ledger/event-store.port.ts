import type { Pool } from 'pg';

/**
 * The event store port: the one way the rest of the service reads and writes the ledger.
 *
 * Every adapter (PostgreSQL, in-memory, later KurrentDB) gives the same guarantees and passes the
 * same contract suite (`contract/event-store.contract-suite.ts`):
 * - appends are atomic per call and checked against an expected revision before anything is written;
 * - an event id is stored once, for ever: re-sending the same events returns the original result;
 * - every event is chained to the previous one of its stream by a SHA-256 hash (docs/hash-chain.md);
 * - `readAll` walks one global order that never skips a late commit nor repeats an event.
 */
export interface EventStore {
  append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  /** Several appends (to several streams) that succeed or fail together, e.g. a link between two children's records. */
  appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  /**
   * Writes events read from another store exactly as they were (ids, revisions, times, hashes), all
   * or nothing, each stream at the revision its first event had there: `migrate-events`. A second
   * copy of the same events replays, as any retry does.
   */
  copyIn(copies: readonly CopiedEvents[]): Promise<AppendResult[]>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Events after `after` in the global order; `checkpoint` is where to continue from. */
  readAll(options?: ReadAllOptions): Promise<ReadAllResult>;
  /** Wakes `listener` soon after events may have been appended (a hint: always re-read). */
  onAppended(listener: () => void): () => void;
  verifyStream(streamId: string): Promise<StreamVerification>;
  verifyAll(onProgress?: (progress: VerifyProgress) => void): Promise<StoreVerification>;
  /** Number of events and of streams, for progress bars and health. */
  statistics(): Promise<{ events: number; streams: number }>;
  /** How far a reader at checkpoint `after` is behind: the newest position, and when the oldest event it has not read arrived. */
  lagAfter(after: string | undefined): Promise<ReaderLag>;
  /**
   * Whether the stream holds an event recorded with `metadata.sensitivity` "sealed", or a
   * `SensitivityChanged`: only then may some of its events be hidden from some readers. A cheap check
   * (an index), so that the common stream needs no read to answer "what may this agency know of".
   */
  hasSealingMarks(streamId: string): Promise<boolean>;
  /**
   * Only the events of a stream that decide what may be hidden from a reader, in revision order: those
   * recorded "sealed", every `SensitivityChanged`, and each event a `SensitivityChanged` names
   * (`sealingMarksAmong` over the whole stream). An agency's revisions are counted from these and the
   * stream's revision, so a child's record with a sealed event is not read whole on every append.
   */
  readSealingMarks(streamId: string): Promise<RecordedEvent[]>;
  /**
   * Only an adapter whose events live in the read models' own database (PostgreSQL) offers this: the
   * events a reader could read now, as SQL a rebuild runs on that database, so that gathering them
   * (ADR 0019) is an `INSERT ... SELECT` there rather than every event crossing to the service and back.
   * Resolves to undefined when `pool` is not the adapter's own database.
   */
  eventsInSql?(pool: Pool, parts: number): Promise<EventsInSql | undefined>;
}

/**
 * The events a reader could read now (every event in the global order up to `last`), as `parts` SQL
 * subqueries that together give each event once. Each yields one row per event with the
 * `RecordedEvent`'s fields as columns of the same names ("eventId", "streamId", "recordedAt", ...);
 * `recordedAt` and `importedAt` are text, as `Date.toJSON` writes them (UTC, milliseconds).
 */
export interface EventsInSql {
  parts: string[];
  /** How many events, and where a reader that read them all would stand (undefined: the ledger is empty). */
  events: number;
  last?: { checkpoint: string; position: number };
}

export interface ReaderLag {
  /** The highest global position stored (0 for an empty ledger). */
  headPosition: number;
  /** The server's arrival time of the first event after the checkpoint; null when the reader is caught up. */
  oldestUnreadArrivedAt: Date | null;
}

/** Injection token for the configured adapter. */
export const EVENT_STORE = Symbol('EVENT_STORE');

/** `any`: no check; `no_stream`: must not exist yet; `stream_exists`: must have events; a number: the exact current revision. */
export type ExpectedRevision = number | 'any' | 'no_stream' | 'stream_exists';

export interface AppendOptions {
  expectedRevision?: ExpectedRevision;
}

export interface StreamAppend extends AppendOptions {
  streamId: string;
  events: readonly NewEvent[];
}

/** A run of one stream's events, in revision order, as another store recorded them. */
export interface CopiedEvents {
  streamId: string;
  events: readonly RecordedEvent[];
}

export type OccurredAtPrecision = 'date' | 'date-time';
export type Sensitivity = 'normal' | 'restricted' | 'sealed';

/** Who and what an event is about beyond its data. Every field is hashed into the chain. */
export interface EventMetadata {
  agencyId?: string;
  author?: { id: string; role?: string };
  actor?: { principalId: string; role: string };
  source?: { system: string; ref?: string };
  sensitivity?: Sensitivity;
  /** Groups events of one request or one household incident. Like `actor` and an import's `provenance`, left out of the idempotency fingerprint: a retry may differ in them. */
  correlationId?: string;
  causationId?: string;
  [extension: string]: unknown;
}

/** Present only on imported history: the source system's recording time (see docs/hash-chain.md). */
export interface HistoricalRecording {
  recordedAt: Date;
  recordedAtKnown: boolean;
}

export interface NewEvent {
  /** Client-generated UUID; the idempotency key. */
  eventId: string;
  type: string;
  schemaVersion: number;
  /** `YYYY-MM-DD` (a Europe/London calendar date) or an ISO 8601 instant, normalised to UTC milliseconds. */
  occurredAt: string;
  occurredAtPrecision: OccurredAtPrecision;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  historical?: HistoricalRecording;
}

export interface RecordedEvent {
  streamId: string;
  revision: number;
  /** Global position (unique, increasing in draw order; may have gaps). */
  position: number;
  /** Opaque resume token for `readAll`; meaningful only to the adapter that produced it. */
  checkpoint: string;
  eventId: string;
  type: string;
  schemaVersion: number;
  occurredAt: string;
  occurredAtPrecision: OccurredAtPrecision;
  recordedAt: Date;
  /** Set when the event was imported: the server's time of arrival. */
  importedAt: Date | null;
  recordedAtKnown: boolean;
  metadata: EventMetadata;
  /** `null` once lawfully redacted: the digest below still verifies the chain. */
  data: Record<string, unknown> | null;
  dataDigest: string;
  hash: string;
}

export interface AppendedEvent {
  eventId: string;
  revision: number;
  position: number;
  recordedAt: Date;
  hash: string;
}

export interface AppendResult {
  streamId: string;
  events: AppendedEvent[];
  /** Revision of the last event of this append: pass it as `expectedRevision` next time. */
  lastRevision: number;
  /** True when every event was already stored and this is the original result, replayed. */
  replayed: boolean;
  /**
   * What `hasSealingMarks(streamId)` would have answered the moment this append was done, when the
   * store can say without another round trip (the PostgreSQL adapter); absent otherwise. About the
   * stream now, not part of the original result: a replay answers for the stream as it is then.
   */
  streamHasSealingMarks?: boolean;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive; defaults to the start (forwards) or the end (backwards). */
  fromRevision?: number;
  limit?: number;
}

export interface ReadAllOptions {
  /** Exclusive; `undefined` reads from the beginning. */
  after?: string;
  limit?: number;
}

export interface ReadAllResult {
  events: RecordedEvent[];
  /** The last event's checkpoint, or `after` unchanged when nothing new is readable yet. */
  checkpoint: string | undefined;
}

export interface StreamVerification {
  streamId: string;
  valid: boolean;
  events: number;
  headHash: string | null;
  firstBrokenRevision?: number;
  reason?: string;
  redactedRevisions: number[];
}

export interface VerifyProgress {
  eventsChecked: number;
  eventsTotal: number;
}

export interface StoreVerification {
  valid: boolean;
  streams: number;
  events: number;
  broken: Array<{ streamId: string; firstBrokenRevision: number; reason: string }>;
}
