import type { Pool } from 'pg';
import type { Clock } from '../../common/clock';
import type {
  AppendOptions, AppendResult, CopiedEvents, EventStore, NewEvent, ReadAllOptions, ReadAllResult, ReadStreamOptions,
  EventsInSql, ReaderLag, RecordedEvent, StoreVerification, StreamAppend, StreamVerification, VerifyProgress,
} from '../event-store.port';
import { assertCopiedFaithfully, preparedCopies } from '../copy-in';
import { assertValidExpectedRevision } from '../expected-revision';
import { verifyChain } from '../hash-chain/verify-chain';
import { prepareAppend } from '../prepare-append';
import { summariseVerifications } from '../verify-all';
import type { AppendNotifier } from './append-notifier';
import { AppendGroups } from './append-groups';
import { translateConnectionError } from '../../database/connection-errors';
import { appendAtomically } from './postgres-append';
import { EVENT_COLUMNS, parseCheckpoint, toRecordedEvent, type EventRow } from './postgres-event-rows';
import { readStreamHead, streamsInOrder } from './postgres-verify';
import { eventsInSql } from './events-in-sql';
import { TransactionsNotAppending } from './transactions-not-appending';

const DEFAULT_READ_LIMIT = 1000;

/** The ledger on PostgreSQL: the default, durable adapter. Schema and invariants: the CreateLedger migration. */
export class PostgresEventStore implements EventStore {
  private readonly groups: AppendGroups;

  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock,
    private readonly notifier: AppendNotifier,
    /** Appends sent at once; more wait and leave together (group commit). */
    maxAppendCallsInFlight = 4,
    /** This process's projection transactions, which `readAll` need not wait for (ADR 0026). */
    private readonly notAppending = new TransactionsNotAppending(),
  ) {
    this.groups = new AppendGroups(pool, maxAppendCallsInFlight);
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    const expected = options.expectedRevision ?? 'any';
    assertValidExpectedRevision(expected);
    const result = await this.groups.append({ streamId, events: prepareAppend(streamId, events, this.clock.now()), expected });
    if (!result.replayed) this.notifier.appended();
    return result;
  }

  async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    const now = this.clock.now();
    const group = appends.map((append) => {
      const expected = append.expectedRevision ?? 'any';
      assertValidExpectedRevision(expected);
      return { streamId: append.streamId, events: prepareAppend(append.streamId, append.events, now), expected };
    });
    const results = await appendAtomically(this.pool, group);
    if (results.some((result) => !result.replayed)) this.notifier.appended();
    return results;
  }

  async copyIn(copies: readonly CopiedEvents[]): Promise<AppendResult[]> {
    const results = await appendAtomically(this.pool, preparedCopies(copies));
    assertCopiedFaithfully(copies, results);
    if (results.some((result) => !result.replayed)) this.notifier.appended();
    return results;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 0);
    const rows = await this.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM ledger_events e
        WHERE e.stream_id = $1 AND e.revision ${backwards ? '<=' : '>='} $2
        ORDER BY e.revision ${backwards ? 'DESC' : 'ASC'} LIMIT $3`,
      [streamId, from, options.limit ?? null],
    );
    return rows.map(toRecordedEvent);
  }

  /**
   * Only transactions older than every still-running one are visible, in (transaction id, position)
   * order: a late commit is never skipped, nothing is read twice. "Still running" leaves out this
   * process's projection transactions, which cannot commit an event (`TransactionsNotAppending`):
   * the oldest other transaction in the snapshot, or, with none, the snapshot's next id.
   */
  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    const after = parseCheckpoint(options.after);
    const rows = await this.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM ledger_events e
        WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)
          AND e.transaction_id < (SELECT coalesce((SELECT min(x) FROM pg_snapshot_xip(s) AS x WHERE x <> ALL ($4::xid8[])), pg_snapshot_xmax(s))
                                    FROM pg_current_snapshot() AS s)
        ORDER BY e.transaction_id, e.global_position LIMIT $3`,
      [after.transactionId, after.position, options.limit ?? DEFAULT_READ_LIMIT, this.notAppending.list()],
    );
    const events = rows.map(toRecordedEvent);
    return { events, checkpoint: events.length ? events[events.length - 1].checkpoint : options.after };
  }

  onAppended(listener: () => void): () => void {
    return this.notifier.onAppended(listener);
  }

  /** Events and head are read in one snapshot, so an append landing in between is not mistaken for tampering. */
  async verifyStream(streamId: string): Promise<StreamVerification> {
    const client = await this.pool.connect().catch((error: unknown) => Promise.reject(translateConnectionError(error)));
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const { rows } = await client.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM ledger_events e WHERE e.stream_id = $1 ORDER BY e.revision`, [streamId]);
      const head = await readStreamHead(client, streamId);
      await client.query('COMMIT');
      return verifyChain(streamId, rows.map(toRecordedEvent), head ?? { revision: -1, hash: null });
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw translateConnectionError(error);
    } finally {
      client.release();
    }
  }

  async verifyAll(onProgress?: (progress: VerifyProgress) => void): Promise<StoreVerification> {
    const { events } = await this.statistics();
    const verifications = (async function* (pool: Pool) {
      for await (const stream of streamsInOrder(pool)) yield verifyChain(stream.streamId, stream.events, stream.head);
    })(this.pool);
    return summariseVerifications(verifications, events, onProgress);
  }

  async statistics(): Promise<{ events: number; streams: number }> {
    const [row] = await this.query<{ events: string; streams: string }>(
      `SELECT (SELECT count(*) FROM ledger_events) AS events,
              (SELECT count(*) FROM ledger_streams WHERE revision >= 0) AS streams`,
    );
    return { events: Number(row.events), streams: Number(row.streams) };
  }

  /** Uses the global-order index: the first unread event, and the newest position. */
  async lagAfter(after: string | undefined): Promise<ReaderLag> {
    const from = parseCheckpoint(after);
    const [row] = await this.query<{ head: string | null; arrived: Date | null }>(
      `SELECT (SELECT max(global_position) FROM ledger_events) AS head,
              (SELECT coalesce(e.imported_at, e.recorded_at) FROM ledger_events e
                WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)
                ORDER BY e.transaction_id, e.global_position LIMIT 1) AS arrived`,
      [from.transactionId, from.position],
    );
    return { headPosition: Number(row.head ?? 0), oldestUnreadArrivedAt: row.arrived };
  }

  /** By the partial index `ledger_events_sealing_marks` (migration CreateAccessControl). */
  async hasSealingMarks(streamId: string): Promise<boolean> {
    const rows = await this.query(
      `SELECT 1 FROM ledger_events WHERE stream_id = $1 AND (metadata->>'sensitivity' = 'sealed' OR type = 'SensitivityChanged') LIMIT 1`, [streamId],
    );
    return rows.length > 0;
  }

  /** The marks by the same partial index, then the events their `SensitivityChanged`s name (by event id). */
  async readSealingMarks(streamId: string): Promise<RecordedEvent[]> {
    const rows = await this.query<EventRow>(
      `WITH marks AS (
         SELECT m.event_id, m.type, m.data FROM ledger_events m
          WHERE m.stream_id = $1 AND (m.metadata->>'sensitivity' = 'sealed' OR m.type = 'SensitivityChanged'))
       SELECT ${EVENT_COLUMNS} FROM ledger_events e
        WHERE e.stream_id = $1 AND e.event_id IN (
          SELECT event_id FROM marks
          UNION
          -- an id that is not a UUID names no event (the catalogue refuses one; this keeps the cast safe)
          SELECT (data->>'eventId')::uuid FROM marks WHERE type = 'SensitivityChanged' AND data->>'eventId' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
        ORDER BY e.revision`,
      [streamId],
    );
    return rows.map(toRecordedEvent);
  }

  /** Only on this store's own pool: the SQL reads `ledger_events`, so it must run on the database that holds it. */
  async eventsInSql(pool: Pool, parts: number): Promise<EventsInSql | undefined> {
    return pool === this.pool ? eventsInSql(pool, parts) : undefined;
  }

  private async query<Row extends object>(sql: string, parameters: unknown[] = []): Promise<Row[]> {
    try {
      return (await this.pool.query<Row>(sql, parameters)).rows;
    } catch (error) {
      throw translateConnectionError(error);
    }
  }
}
