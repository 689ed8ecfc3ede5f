import type { PoolClient } from 'pg';
import type { RecordedEvent } from '../../ledger/event-store.port';
import type { Projection, TableNames } from '../../projections/runner/projection';
import { evaluateChild, historyAsKnown, type Finding } from '../evaluate-child';
import type { PolicyProfile, ProfileSchedule } from '../profile/policy-profile';
import type { ComplianceRule } from '../rules/rule';
import { ChildHistories } from './child-histories';
import { ComplianceBulkRebuild } from './compliance-bulk-rebuild';
import { END_OF_TIME } from './judge-children';
import {
  childEventsOf, childOf, complianceTables, serialiseFinding, recordHouseholds, siblingSignals, SIBLING_SIGNALS, storeEvents,
  writeFindings, type Executor, type SerialisedFinding,
} from './compliance-tables';

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
   * hints, in batches of up to 500 events (each a short stretch of CPU, between the chronology's
   * steps); histories stay in memory between steps.
   */
  readonly cadence: { everyMs: number; batchSize: number };
  private readonly histories = new ChildHistories();
  /** A rebuild judges each child once, at the end, rather than once per batch its events fall in. */
  readonly bulkRebuild: ComplianceBulkRebuild;

  constructor(
    private readonly rules: readonly ComplianceRule[], private readonly profile: PolicyProfile | ProfileSchedule, everyMs = 250,
    /** A rebuild's judging threads (by default one per core; tests name the compiled script). */
    rebuildThreads: { count?: number; script?: string } = {},
  ) {
    this.cadence = { everyMs, batchSize: 500 };
    this.bulkRebuild = new ComplianceBulkRebuild(rules, profile, rebuildThreads);
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
      const own = await this.histories.load(transaction, names.events, affected);
      this.histories.merge(own, childEvents, childOf);
      const household = await siblingSignals(transaction, names, affected);
      for (const event of childEvents) {
        if (!SIBLING_SIGNALS.includes(event.type) || !householdOf.has(childOf(event))) continue;
        for (const [childId, householdId] of householdOf) {
          if (childId !== childOf(event) && householdId === householdOf.get(childOf(event))) household.set(childId, [...(household.get(childId) ?? []), event]);
        }
      }
      const fresh = new Map<string, RecordedEvent[]>();
      for (const event of childEvents) fresh.set(childOf(event), [...(fresh.get(childOf(event)) ?? []), event]);
      const judged: ChildJudgement[] = [];
      for (const [index, childId] of affected.entries()) {
        judged.push(this.judgeChanges(childId, own.get(childId) ?? [], household.get(childId) ?? [], fresh.get(childId) ?? [], householdOf.has(childId)));
        // Judging is plain CPU work: let requests and the other projections in between every few children.
        if (index % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
      }
      const writes = await findingWrites(transaction, names.findings, judged);
      await storeEvents(transaction, names.events, childEvents);
      await writeFindings(transaction, names.findings, writes);
    } catch (error) {
      this.histories.forget(names.events, changed);
      throw error;
    }
  }

  /**
   * Re-judges only what the new events can change: the rules that read their types (all of them after
   * a correction or a change of household), the new events alone for per-event rules, R22 alone for a
   * sibling's new concern. Stored findings never depend on the clock (ADR 0013): unmet deadlines stay
   * `open`, and reading turns them `breached` once due, so judging again later gives the same answer.
   */
  private judgeChanges(childId: string, events: RecordedEvent[], household: RecordedEvent[], fresh: RecordedEvent[], nearSignal: boolean): ChildJudgement {
    const everything = fresh.some((event) => RE_JUDGE_ALL.has(event.type)) || fresh.some((event) => event.revision === 0);
    const types = new Set(fresh.map((event) => event.type));
    const rules = everything ? this.rules : this.rules.filter((rule) => rule.reads === '*'
      ? fresh.length > 0
      : rule.reads.some((type) => types.has(type) || (nearSignal && SIBLING_SIGNALS.includes(type))));
    const onlyEvents = everything ? undefined : new Set(fresh.map((event) => event.eventId));
    const householdHistory = historyAsKnown('household', household, END_OF_TIME).events;
    const findings = evaluateChild(historyAsKnown(childId, events, END_OF_TIME, householdHistory), rules, this.profile, END_OF_TIME, { today: '', onlyEvents, rememberIds: true });
    return {
      childId, findings,
      diffed: rules.filter((rule) => everything || !rule.perEvent).map((rule) => rule.id),
    };
  }
}

/** Events after which every rule is judged again: a correction can change any event's data. */
const RE_JUDGE_ALL = new Set(['RecordCorrected', 'SensitivityChanged', 'ChildRegistered', 'HouseholdChanged', 'DuplicateRecordsLinked']);

interface ChildJudgement {
  childId: string;
  findings: Finding[];
  /** Rules whose stored findings for the child are replaced by these (the others only gain new ones). */
  diffed: string[];
}

interface FindingWrites { gone: string[]; changed: SerialisedFinding[] }

/**
 * Compares digests with what is stored for the rules judged again: the findings that went, and the new
 * and the changed; the rest stay. Findings of per-event rules judged for new events only are just added.
 */
async function findingWrites(transaction: Executor, table: string, judged: readonly ChildJudgement[]): Promise<FindingWrites> {
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
  const changed: SerialisedFinding[] = [];
  for (const [index, finding] of findings.entries()) {
    const serialised = serialiseFinding(finding);
    if (stored.get(finding.id) !== serialised.digest) changed.push(serialised);
    if (index % 200 === 199) await new Promise((resolve) => setImmediate(resolve)); // a short stretch of CPU at a time
  }
  const current = new Set(findings.map((finding) => finding.id));
  return { gone: [...stored.keys()].filter((id) => !current.has(id)), changed };
}

