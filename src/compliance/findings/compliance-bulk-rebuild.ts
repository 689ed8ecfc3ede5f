import type { Pool } from 'pg';
import type { RecordedEvent } from '../../ledger/event-store.port';
import type { BulkRebuild, TableNames } from '../../projections/runner/projection';
import type { PolicyProfile, ProfileSchedule } from '../profile/policy-profile';
import type { ComplianceRule } from '../rules/rule';
import { childEventsOf, complianceTables, HOUSEHOLD_EVENTS, insertFindingRows, recordHouseholds, revive, storeEvents, storeEventsInSql, type Executor, type StoredEvent } from './compliance-tables';
import { judgeChildRows, readChildRows, type ChildrenRows } from './judge-children';
import { JudgingThreads } from './judging-threads';
import { oneAtATime } from '../../common/async/one-at-a-time';
import { settledLater } from '../../common/settled-later';

/** Children judged and written per statement at the end of a rebuild: a few thousand findings at a time. */
const CHILDREN_AT_ONCE = 100;

/**
 * The compliance rebuild (ADR 0014): batches only keep the child events and households; once the
 * last batch is in, every child is judged once over its whole history. Incremental projection judges
 * a child again each time one of its events arrives, and ends in the same findings: judging is
 * clock-free and a child's findings depend only on its history and its siblings' signals.
 */
export class ComplianceBulkRebuild implements BulkRebuild {
  /**
   * The events are stored child by child and indexed before judging reads them by child (in the order
   * stored, a chunk of children's histories is a few consecutive pages, not a page per event scattered
   * over a table bigger than the cache); the findings are indexed once all are written.
   */
  readonly indexedWhenFilled = { gathered: [{ table: 'compliance_events', orderBy: 'child_id, revision' }], finished: ['compliance_findings'] };

  readonly finishing = 'children judged';

  constructor(
    private readonly rules: readonly ComplianceRule[], private readonly profile: PolicyProfile | ProfileSchedule,
    /** How many judging threads, and (tests) their compiled script; by default one per core, none on one core or under the tests' sources. */
    private readonly threadOptions: { count?: number; script?: string } = {},
  ) {}

  /** Keeps the child events; households wait for `finish`, as pages may be gathered out of order and the latest household wins. */
  async gather(events: readonly RecordedEvent[], transaction: Executor, tables: TableNames): Promise<void> {
    const childEvents = childEventsOf(events);
    if (childEvents.length === 0) return;
    await storeEvents(transaction, complianceTables(tables).events, childEvents);
  }

  /** `gather` as one statement on the database (ADR 0019). */
  async gatherInSql(events: string, executor: Executor, tables: TableNames): Promise<void> {
    await storeEventsInSql(executor, complianceTables(tables).events, events);
  }

  async finish(pool: Pool, tables: TableNames, onProgress?: (done: number, total: number) => void): Promise<void> {
    const names = complianceTables(tables);
    const { rows } = await pool.query<{ child_id: string }>(`SELECT DISTINCT child_id FROM ${names.events} ORDER BY child_id`);
    const children = rows.map((row) => row.child_id);
    const chunks = Array.from({ length: Math.ceil(children.length / CHILDREN_AT_ONCE) }, (_, index) => children.slice(index * CHILDREN_AT_ONCE, (index + 1) * CHILDREN_AT_ONCE));
    // Each child's household, from its events in revision order (the latest wins), before any sibling is looked up.
    const { rows: householdEvents } = await pool.query<{ event: StoredEvent }>(
      `SELECT event FROM ${names.events} WHERE event->>'type' = ANY($1::text[]) ORDER BY child_id, revision`, [HOUSEHOLD_EVENTS],
    );
    await recordHouseholds(pool, names.households, householdEvents.map((row) => revive(row.event)));
    await pool.query(`ANALYZE ${names.households}`); // for the siblings' lookups below: planned on an empty table, they would scan every event
    // Each chunk is read, judged, written. One connection (never two at once: the embedded database),
    // taking the reads and writes in turn; but they are lined up ahead, so that while chunks are judged
    // (in the judging threads, or in this one) PostgreSQL writes the findings of the chunks before and
    // reads the histories of the chunks after. Each write is one statement, atomic on its own; a
    // rebuild that stops here starts again from position 0 with its `_next` tables made anew.
    const threads = JudgingThreads.open(this.rules, this.profile, this.threadOptions);
    const judge = threads ? (read: ChildrenRows) => threads.judge(read) : async (read: ChildrenRows) => judgeChildRows(read, this.rules, this.profile);
    const client = await pool.connect();
    const inTurn = oneAtATime();
    const window: Array<Promise<void>> = [];
    let done = 0;
    try {
      for (const chunk of chunks) {
        window.push(settledLater((async () => {
          const judged = await judge(await inTurn(() => readChildRows(client, names, chunk)));
          await inTurn(() => insertFindingRows(client, names.findings, judged.rows, { replacing: false }));
          done += chunk.length;
          onProgress?.(done, children.length);
        })()));
        if (window.length > (threads?.count ?? 1)) await window.shift();
      }
      await Promise.all(window);
    } catch (error) {
      await Promise.allSettled(window); // the connection goes back to the pool idle, not mid-query
      throw error;
    } finally {
      client.release();
      await threads?.close();
    }
  }
}
