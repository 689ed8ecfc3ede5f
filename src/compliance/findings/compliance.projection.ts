import type { PoolClient } from 'pg';
import type { RecordedEvent } from '../../ledger/event-store.port';
import type { Projection, ProjectionServer, TableNames } from '../../projections/runner/projection';
import type { PolicyProfile, ProfileSchedule } from '../profile/policy-profile';
import type { ComplianceRule } from '../rules/rule';
import { oneAtATime } from '../../common/async/one-at-a-time';
import { readMissingHistories } from './child-histories';
import { ComplianceBulkRebuild } from './compliance-bulk-rebuild';
import {
  childEventsOf, childOf, complianceTables, recordHouseholds, siblingSignals, SIBLING_SIGNALS, storeEvents, writeFindings, type Executor,
  type SerialisedFinding,
} from './compliance-tables';
import type { JudgedChild } from './live-judge';
import { openLiveJudging, type LiveJudging, type LiveJudgingOptions } from './live-judging';

/**
 * Findings per child, re-judged whenever the child's history changes: the batch's events are added
 * to the projection's own copy of each child's events, then every rule runs over each changed child
 * (and the siblings a new concern counts for), judged as at the latest recording time in its
 * history, so a rebuild gives exactly what incremental projection gave; only findings that changed
 * are written. Time passing is applied when read (ADR 0013).
 */
export class ComplianceProjection implements Projection {
  readonly name = 'compliance';
  readonly version = 1;
  readonly tables = ['compliance_events', 'compliance_households', 'compliance_findings'] as const;
  /**
   * Findings are about days, not seconds: a step every `everyMs` (250 ms by default), ignoring append
   * hints, in batches of up to 500 events; histories stay in memory between steps.
   */
  readonly cadence: { everyMs: number; batchSize: number };
  /** A rebuild judges each child once, at the end, rather than once per batch its events fall in. */
  readonly bulkRebuild: ComplianceBulkRebuild;
  /** Holds the histories and judges, in a thread of its own where it can (ADR 0025). */
  private readonly judging: LiveJudging;
  /** One batch's conversation with the judge at a time: what it said was missing must still be missing when the rows arrive. */
  private readonly inTurn = oneAtATime();
  /** On a server: the foreground steps to wait for, and where its transaction is named while it writes (`onServer`). */
  private server: ProjectionServer | undefined;

  constructor(
    rules: readonly ComplianceRule[], profile: PolicyProfile | ProfileSchedule, everyMs = 250,
    /** A rebuild's judging threads (by default one per core; tests name the compiled script). */
    rebuildThreads: { count?: number; script?: string } = {},
    /** The live judging thread (by default the compiled script beside the projection; tests name it, or `false` for none). */
    liveJudging: LiveJudgingOptions = {},
  ) {
    this.cadence = { everyMs, batchSize: 500 };
    this.bulkRebuild = new ComplianceBulkRebuild(rules, profile, rebuildThreads);
    this.judging = openLiveJudging(rules, profile, liveJudging);
  }

  /**
   * Reads and judges first, writes last: a transaction holds back every reader of the global order
   * from its first write, and judging takes a while. (A batch that moves a child to another household
   * writes the households first: rare, and the siblings to judge depend on it.)
   */
  async apply(events: readonly RecordedEvent[], transaction: PoolClient, tables: TableNames): Promise<void> {
    const childEvents = childEventsOf(events);
    if (childEvents.length === 0) return;
    const names = complianceTables(tables);
    const changed = [...new Set(childEvents.map(childOf))];
    try {
      await recordHouseholds(transaction, names.households, childEvents);
      const signalled = [...new Set(childEvents.filter((event) => SIBLING_SIGNALS.includes(event.type)).map(childOf))];
      const { rows: members } = await transaction.query<{ child_id: string; household_id: string }>(
        `SELECT child_id, household_id FROM ${names.households} WHERE household_id IN (SELECT household_id FROM ${names.households} WHERE child_id = ANY($1::uuid[]))`, [signalled],
      );
      const householdOf = new Map(members.map((row) => [row.child_id, row.household_id]));
      const affected = [...new Set([...changed, ...householdOf.keys()])];
      const household = await siblingSignals(transaction, names, affected);
      // The batch's own signals count for the siblings too (each household's members found once, not per event).
      const membersOf = groupBy([...householdOf.keys()], (childId) => householdOf.get(childId)!);
      for (const event of childEvents) {
        const householdId = householdOf.get(childOf(event));
        if (!SIBLING_SIGNALS.includes(event.type) || householdId === undefined) continue;
        for (const childId of membersOf.get(householdId)!) {
          if (childId !== childOf(event)) appendTo(household, childId, event);
        }
      }
      const fresh = groupBy(childEvents, childOf);
      const children = affected.map((childId) => ({ childId, fresh: fresh.get(childId) ?? [], household: household.get(childId) ?? [], nearSignal: householdOf.has(childId) }));
      const judged = await this.inTurn(() => this.judging.judge({ table: names.events, children }, (missing) => readMissingHistories(transaction, names.events, missing)));
      // Its reads and writes wait for the chronology's and the case state's steps, as its judging does (ADR 0026).
      await this.server?.foreground.whenIdle(1000);
      const writes = await findingWrites(transaction, names.findings, judged);
      await this.server?.foreground.whenIdle(1000);
      // Writing takes a while on a busy machine: the chronology and the case state need not wait for it.
      const unname = await this.server?.notAppending.name(transaction);
      try {
        await storeEvents(transaction, names.events, childEvents);
        await writeFindings(transaction, names.findings, writes);
      } finally {
        unname?.();
      }
    } catch (error) {
      await this.judging.forget(names.events, changed).catch(() => undefined); // a judge that died holds nothing any more
      throw error;
    }
  }

  /**
   * On a server, the live judging thread reads the histories it lacks on a connection of its own, and
   * waits between children while the chronology's or the case state's steps run (ADR 0026).
   */
  onServer(server: ProjectionServer): void {
    this.judging.onServer(server);
    this.server = server;
  }

  /** Where live batches are judged (for operators and tests). */
  get judgesIn(): LiveJudging['where'] {
    return this.judging.where;
  }

  /** Stops the live judging thread (the service's shutdown; an idle thread does not keep a process alive anyway). */
  close(): Promise<void> {
    return this.judging.close();
  }
}

interface FindingWrites { gone: string[]; changed: SerialisedFinding[] }

function appendTo<T>(lists: Map<string, T[]>, key: string, item: T): void {
  const list = lists.get(key);
  if (list) list.push(item);
  else lists.set(key, [item]);
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) appendTo(groups, keyOf(item), item);
  return groups;
}

/**
 * Compares digests with what is stored for the rules judged again: the findings that went, and the new
 * and the changed; the rest stay. Findings of per-event rules judged for new events only are just added.
 */
async function findingWrites(transaction: Executor, table: string, judged: readonly JudgedChild[]): Promise<FindingWrites> {
  // By (child, rule) index, then only the exact pairs are sent back (a join on a record set of pairs was
  // planned as a scan of every finding; filtering here had every finding of every rule judged for any
  // of the children cross the wire: 22,000 rows a batch, most of them then dropped).
  const scope = judged.flatMap(({ childId, diffed }) => diffed.map((rule) => `${childId.toLowerCase()}/${rule}`)); // as PostgreSQL writes a uuid
  const { rows } = await transaction.query<{ id: string; digest: string }>(
    `SELECT id, digest FROM ${table} WHERE child_id = ANY($1::uuid[]) AND rule = ANY($2::text[]) AND child_id::text || '/' || rule = ANY($3::text[])`,
    [judged.map((judgement) => judgement.childId), [...new Set(judged.flatMap((judgement) => judgement.diffed))], scope],
  );
  const stored = new Map(rows.map((row) => [row.id, row.digest]));
  const findings = judged.flatMap((judgement) => judgement.findings);
  const changed = findings.filter((finding) => stored.get(finding.id) !== finding.digest);
  const current = new Set(findings.map((finding) => finding.id));
  return { gone: [...stored.keys()].filter((id) => !current.has(id)), changed };
}

