import { hash } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { RecordedEvent } from '../../ledger/event-store.port';
import { childIdOfStream } from '../../projections/chronology/child-of-stream';
import type { Projection, TableNames } from '../../projections/runner/projection';
import { tableName } from '../../projections/sql-tables';
import { evaluateChild, historyAsKnown, type Finding } from '../evaluate-child';
import type { PolicyProfile, ProfileSchedule } from '../profile/policy-profile';
import type { ComplianceRule } from '../rules/rule';
import { ChildHistories } from './child-histories';

/** Signals whose appearance in one child's record can change a sibling's findings (R22). */
const SIBLING_SIGNALS = ['ConcernRaised', 'AppointmentMissed', 'VisitNoAccess'];

type Executor = Pick<PoolClient, 'query'>;

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

  constructor(private readonly rules: readonly ComplianceRule[], private readonly profile: PolicyProfile | ProfileSchedule, everyMs = 250) {
    this.cadence = { everyMs, batchSize: 500 };
  }

  /**
   * Reads and judges first, writes last: a transaction holds back every reader of the global order
   * from its first write, and judging takes a while. (A batch that moves a child to another household
   * writes the households first: rare, and the siblings to judge depend on it.)
   */
  async apply(events: readonly RecordedEvent[], transaction: PoolClient, tables: TableNames): Promise<void> {
    const childEvents = events.filter((event) => event.streamId.startsWith('child-')).map(forRules);
    if (childEvents.length === 0) return;
    const names = { events: tableName(tables.compliance_events), households: tableName(tables.compliance_households), findings: tableName(tables.compliance_findings) };
    const childOf = (event: RecordedEvent) => childIdOfStream(event.streamId);
    const changed = [...new Set(childEvents.map(childOf))];
    try {
      await recordHouseholds(transaction, names.households, childEvents);
      const signalled = [...new Set(childEvents.filter((event) => SIBLING_SIGNALS.includes(event.type)).map(childOf))];
      const { rows: members } = await transaction.query<{ child_id: string; household_id: string }>(
        `SELECT child_id, household_id FROM ${names.households} WHERE household_id IN (SELECT household_id FROM ${names.households} WHERE child_id = ANY($1::uuid[]))`, [signalled],
      );
      const householdOf = new Map(members.map((row) => [row.child_id, row.household_id]));
      const affected = [...new Set([...changed, ...householdOf.keys()])];
      const own = await this.histories.load(transaction, names.events, affected, revive as (stored: never) => RecordedEvent);
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
      await transaction.query(
        `INSERT INTO ${names.events} (event_id, child_id, revision, event) SELECT event_id, child_id, revision, event FROM jsonb_to_recordset($1::jsonb) AS x(event_id uuid, child_id uuid, revision bigint, event jsonb)`,
        [JSON.stringify(childEvents.map((event) => ({ event_id: event.eventId, child_id: childOf(event), revision: event.revision, event })))],
      );
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
    const findings = evaluateChild(historyAsKnown(childId, events, END_OF_TIME, householdHistory), rules, this.profile, END_OF_TIME, { today: '', onlyEvents });
    return {
      childId, findings,
      diffed: rules.filter((rule) => everything || !rule.perEvent).map((rule) => rule.id),
    };
  }
}

/** Events after which every rule is judged again: a correction can change any event's data. */
const RE_JUDGE_ALL = new Set(['RecordCorrected', 'SensitivityChanged', 'ChildRegistered', 'HouseholdChanged', 'DuplicateRecordsLinked']);
const END_OF_TIME = new Date(8.64e15);

interface ChildJudgement {
  childId: string;
  findings: Finding[];
  /** Rules whose stored findings for the child are replaced by these (the others only gain new ones). */
  diffed: string[];
}

/** Every rule over each child's whole history (its siblings' concern signals alongside), as known at `asOf`: the findings as they stood then. */
export async function judgeChildren(
  executor: Executor, tables: { events: string; households: string }, children: string[], rules: readonly ComplianceRule[], profile: PolicyProfile | ProfileSchedule, asOf: Date,
): Promise<Finding[]> {
  const own = await readHistories(executor, tables.events, children);
  const siblings = await siblingSignals(executor, tables, children);
  return children.flatMap((childId) => {
    const householdHistory = historyAsKnown('household', siblings.get(childId) ?? [], asOf).events;
    return evaluateChild(historyAsKnown(childId, own.get(childId) ?? [], asOf, householdHistory), rules, profile, asOf);
  });
}

/** For each child, the concern signals recorded about its siblings (children of the same household). */
async function siblingSignals(executor: Executor, tables: { events: string; households: string }, children: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
  const { rows } = await executor.query<{ sibling_of: string; event: StoredEvent }>(
    `SELECT h.child_id AS sibling_of, e.event FROM ${tables.households} h
       JOIN ${tables.households} s ON s.household_id = h.household_id AND s.child_id <> h.child_id
       JOIN ${tables.events} e ON e.child_id = s.child_id AND e.event->>'type' = ANY($2::text[])
      WHERE h.child_id = ANY($1::uuid[]) ORDER BY e.child_id, e.revision`,
    [children, SIBLING_SIGNALS],
  );
  const siblings = new Map<string, RecordedEvent[]>();
  for (const row of rows) {
    const list = siblings.get(row.sibling_of) ?? [];
    list.push(revive(row.event));
    siblings.set(row.sibling_of, list);
  }
  return siblings;
}

async function readHistories(executor: Executor, table: string, children: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
  const { rows } = await executor.query<{ child_id: string; event: StoredEvent }>(`SELECT child_id, event FROM ${table} WHERE child_id = ANY($1::uuid[]) ORDER BY child_id, revision`, [children]);
  const histories = new Map<string, RecordedEvent[]>();
  for (const row of rows) {
    const list = histories.get(row.child_id) ?? [];
    list.push(revive(row.event));
    histories.set(row.child_id, list);
  }
  return histories;
}

/** The latest household of each child in the batch wins. */
async function recordHouseholds(transaction: Executor, table: string, events: readonly RecordedEvent[]): Promise<void> {
  const households = new Map(events
    .filter((event) => (event.type === 'ChildRegistered' || event.type === 'HouseholdChanged') && typeof event.data?.householdId === 'string')
    .map((event) => [childIdOfStream(event.streamId), event.data!.householdId as string]));
  if (households.size === 0) return;
  await transaction.query(
    `INSERT INTO ${table} (child_id, household_id) SELECT child_id, household_id FROM jsonb_to_recordset($1::jsonb) AS x(child_id uuid, household_id text)
     ON CONFLICT (child_id) DO UPDATE SET household_id = excluded.household_id`,
    [JSON.stringify([...households].map(([childId, householdId]) => ({ child_id: childId, household_id: householdId })))],
  );
}

interface FindingWrites { gone: string[]; changed: Array<{ finding: Finding; digest: string }> }

/**
 * Compares digests with what is stored for the rules judged again: the findings that went, and the new
 * and the changed; the rest stay. Findings of per-event rules judged for new events only are just added.
 */
async function findingWrites(transaction: Executor, table: string, judged: readonly ChildJudgement[]): Promise<FindingWrites> {
  // By (child, rule) index, then the exact pairs here: a join on a record set of pairs was planned as a scan of every finding.
  const scope = new Set(judged.flatMap(({ childId, diffed }) => diffed.map((rule) => `${childId}/${rule}`)));
  const { rows } = await transaction.query<{ id: string; digest: string; child_id: string; rule: string }>(
    `SELECT id, digest, child_id, rule FROM ${table} WHERE child_id = ANY($1::uuid[]) AND rule = ANY($2::text[])`,
    [judged.map((judgement) => judgement.childId), [...new Set(judged.flatMap((judgement) => judgement.diffed))]],
  );
  const stored = new Map(rows.filter((row) => scope.has(`${row.child_id}/${row.rule}`)).map((row) => [row.id, row.digest]));
  const findings = judged.flatMap((judgement) => judgement.findings);
  const changed: Array<{ finding: Finding; digest: string }> = [];
  for (const [index, finding] of findings.entries()) {
    const digest = hash('sha1', JSON.stringify(finding), 'base64');
    if (stored.get(finding.id) !== digest) changed.push({ finding, digest });
    if (index % 200 === 199) await new Promise((resolve) => setImmediate(resolve)); // a short stretch of CPU at a time
  }
  const current = new Set(findings.map((finding) => finding.id));
  return { gone: [...stored.keys()].filter((id) => !current.has(id)), changed };
}

async function writeFindings(transaction: Executor, table: string, { gone, changed }: FindingWrites): Promise<void> {
  if (gone.length > 0) await transaction.query(`DELETE FROM ${table} WHERE id = ANY($1::uuid[])`, [gone]);
  if (changed.length === 0) return;
  await transaction.query(
    `INSERT INTO ${table} (id, rule, child_id, agency_id, status, due_at, breached_at, met_at, digest, finding)
     SELECT id, rule, child_id, agency_id, status, due_at, breached_at, met_at, digest, finding FROM jsonb_to_recordset($1::jsonb)
       AS x(id uuid, rule text, child_id uuid, agency_id text, status text, due_at date, breached_at date, met_at date, digest text, finding jsonb)
     ON CONFLICT (id) DO UPDATE SET rule = excluded.rule, child_id = excluded.child_id, agency_id = excluded.agency_id, status = excluded.status,
       due_at = excluded.due_at, breached_at = excluded.breached_at, met_at = excluded.met_at, digest = excluded.digest, finding = excluded.finding`,
    [JSON.stringify(changed.map(({ finding, digest }) => ({
      id: finding.id, rule: finding.rule, child_id: finding.childId, agency_id: finding.agencyId, status: finding.status,
      due_at: finding.dueAt, breached_at: finding.breachedAt ?? null, met_at: finding.metAt ?? null, digest, finding,
    })))],
  );
}

/** What the rules read of an event (no hashes, digests or delivery metadata): a smaller copy to write and read back. */
function forRules(event: RecordedEvent): RecordedEvent {
  const { agencyId, actor } = event.metadata;
  return { ...event, metadata: actor ? { agencyId, actor } : { agencyId }, hash: '', dataDigest: '', checkpoint: '' };
}

type StoredEvent = Omit<RecordedEvent, 'recordedAt' | 'importedAt'> & { recordedAt: string; importedAt: string | null };

function revive(event: StoredEvent): RecordedEvent {
  return { ...event, recordedAt: new Date(event.recordedAt), importedAt: event.importedAt ? new Date(event.importedAt) : null };
}
