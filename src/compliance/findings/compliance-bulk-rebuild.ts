import type { Pool } from 'pg';
import type { RecordedEvent } from '../../ledger/event-store.port';
import type { BulkRebuild, TableNames } from '../../projections/runner/projection';
import type { PolicyProfile, ProfileSchedule } from '../profile/policy-profile';
import type { Finding } from '../evaluate-child';
import type { ComplianceRule } from '../rules/rule';
import { childEventsOf, complianceTables, serialiseFinding, recordHouseholds, storeEvents, writeFindings, type Executor } from './compliance-tables';
import { END_OF_TIME, judgeRead, readChildren } from './judge-children';

/** Children judged and written per statement at the end of a rebuild: a few thousand findings at a time. */
const CHILDREN_AT_ONCE = 100;

/**
 * The compliance rebuild (ADR 0014): batches only keep the child events and households; once the
 * last batch is in, every child is judged once over its whole history. Incremental projection judges
 * a child again each time one of its events arrives, and ends in the same findings: judging is
 * clock-free and a child's findings depend only on its history and its siblings' signals.
 */
export class ComplianceBulkRebuild implements BulkRebuild {
  constructor(private readonly rules: readonly ComplianceRule[], private readonly profile: PolicyProfile | ProfileSchedule) {}

  async gather(events: readonly RecordedEvent[], transaction: Executor, tables: TableNames): Promise<void> {
    const childEvents = childEventsOf(events);
    if (childEvents.length === 0) return;
    const names = complianceTables(tables);
    await recordHouseholds(transaction, names.households, childEvents);
    await storeEvents(transaction, names.events, childEvents);
  }

  async finish(pool: Pool, tables: TableNames, onProgress?: (done: number, total: number) => void): Promise<void> {
    const names = complianceTables(tables);
    const { rows } = await pool.query<{ child_id: string }>(`SELECT DISTINCT child_id FROM ${names.events} ORDER BY child_id`);
    const children = rows.map((row) => row.child_id);
    const chunks = Array.from({ length: Math.ceil(children.length / CHILDREN_AT_ONCE) }, (_, index) => children.slice(index * CHILDREN_AT_ONCE, (index + 1) * CHILDREN_AT_ONCE));
    // One connection (never two at once: the embedded database), one query at a time on it; but this
    // chunk is judged (CPU here) while the previous chunk's findings are written (work in PostgreSQL).
    // Each write is one statement, atomic on its own; a rebuild that stops here starts again from
    // position 0 with its `_next` tables made anew.
    const client = await pool.connect();
    try {
      let judged: { findings: Finding[]; children: number } | undefined;
      let done = 0;
      const write = async (findings: Finding[]) => writeFindings(client, names.findings, { gone: [], changed: findings.map(serialiseFinding) });
      for (const chunk of chunks) {
        const read = await readChildren(client, names, chunk);
        const writing = judged ? write(judged.findings) : Promise.resolve();
        writing.catch(() => undefined); // awaited just below; a failure meanwhile is not unhandled
        const findings = judgeRead(read, this.rules, this.profile, END_OF_TIME, { today: '' });
        await writing;
        done += judged?.children ?? 0;
        onProgress?.(done, children.length);
        judged = { findings, children: chunk.length };
      }
      if (judged) await write(judged.findings);
      onProgress?.(children.length, children.length);
    } finally {
      client.release();
    }
  }
}
