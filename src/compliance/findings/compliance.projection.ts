import type { PoolClient } from 'pg';
import type { RecordedEvent } from '../../ledger/event-store.port';
import { childIdOfStream } from '../../projections/chronology/child-of-stream';
import type { Projection, TableNames } from '../../projections/runner/projection';
import { tableName } from '../../projections/sql-tables';
import { evaluateChild, historyAsKnown, type Finding } from '../evaluate-child';
import type { PolicyProfile } from '../profile/policy-profile';
import type { ComplianceRule } from '../rules/rule';

/** Signals whose appearance in one child's record can change a sibling's findings (R22). */
const SIBLING_SIGNALS = new Set(['ConcernRaised', 'AppointmentMissed', 'VisitNoAccess']);

/**
 * Findings per child, re-judged whenever the child's history changes: the batch's events are added
 * to the projection's own copy of each child's events, then every rule runs over each changed child
 * (and the siblings a new concern counts for), judged as at the latest recording time in its
 * history, so a rebuild gives exactly what incremental projection gave. Time passing is applied when
 * read: an `open` finding whose due date has gone reads as breached.
 */
export class ComplianceProjection implements Projection {
  readonly name = 'compliance';
  readonly version = 1;
  readonly tables = ['compliance_events', 'compliance_households', 'compliance_findings'] as const;

  constructor(private readonly rules: readonly ComplianceRule[], private readonly profile: PolicyProfile) {}

  async apply(events: readonly RecordedEvent[], transaction: PoolClient, tables: TableNames): Promise<void> {
    const childEvents = events.filter((event) => event.streamId.startsWith('child-'));
    if (childEvents.length === 0) return;
    const [eventsTable, householdsTable, findingsTable] = [tables.compliance_events, tables.compliance_households, tables.compliance_findings].map(tableName);
    await transaction.query(
      `INSERT INTO ${eventsTable} (event_id, child_id, revision, event) SELECT event_id, child_id, revision, event FROM jsonb_to_recordset($1::jsonb) AS x(event_id uuid, child_id uuid, revision bigint, event jsonb)`,
      [JSON.stringify(childEvents.map((event) => ({ event_id: event.eventId, child_id: childIdOfStream(event.streamId), revision: event.revision, event })))],
    );
    // The latest household of each child in the batch wins.
    const households = new Map(childEvents
      .filter((event) => (event.type === 'ChildRegistered' || event.type === 'HouseholdChanged') && typeof event.data?.householdId === 'string')
      .map((event) => [childIdOfStream(event.streamId), event.data!.householdId as string]));
    if (households.size > 0) {
      await transaction.query(
        `INSERT INTO ${householdsTable} (child_id, household_id) SELECT child_id, household_id FROM jsonb_to_recordset($1::jsonb) AS x(child_id uuid, household_id text)
         ON CONFLICT (child_id) DO UPDATE SET household_id = excluded.household_id`,
        [JSON.stringify([...households].map(([childId, householdId]) => ({ child_id: childId, household_id: householdId })))],
      );
    }
    const changed = [...new Set(childEvents.map((event) => childIdOfStream(event.streamId)))];
    const signalled = [...new Set(childEvents.filter((event) => SIBLING_SIGNALS.has(event.type)).map((event) => childIdOfStream(event.streamId)))];
    const { rows: siblingRows } = await transaction.query<{ child_id: string }>(
      `SELECT DISTINCT h.child_id FROM ${householdsTable} h JOIN ${householdsTable} s ON s.household_id = h.household_id WHERE s.child_id = ANY($1::uuid[])`, [signalled],
    );
    const affected = [...new Set([...changed, ...siblingRows.map((row) => row.child_id)])];
    const findings = await judgeChildren(transaction, { events: eventsTable, households: householdsTable }, affected, this.rules, this.profile);
    await transaction.query(`DELETE FROM ${findingsTable} WHERE child_id = ANY($1::uuid[])`, [affected]);
    if (findings.length > 0) {
      await transaction.query(
        `INSERT INTO ${findingsTable} (id, rule, child_id, agency_id, status, due_at, breached_at, met_at, finding)
         SELECT id, rule, child_id, agency_id, status, due_at, breached_at, met_at, finding FROM jsonb_to_recordset($1::jsonb)
           AS x(id uuid, rule text, child_id uuid, agency_id text, status text, due_at date, breached_at date, met_at date, finding jsonb)`,
        [JSON.stringify(findings.map((finding) => ({
          id: finding.id, rule: finding.rule, child_id: finding.childId, agency_id: finding.agencyId, status: finding.status,
          due_at: finding.dueAt, breached_at: finding.breachedAt ?? null, met_at: finding.metAt ?? null, finding,
        })))],
      );
    }
  }
}

/**
 * Every rule over each child's whole history (its siblings' concerns alongside), as known at `asOf`,
 * or, without one, at the latest recording time in that history (what the projection stores).
 */
export async function judgeChildren(
  executor: Pick<PoolClient, 'query'>, tables: { events: string; households: string }, children: string[],
  rules: readonly ComplianceRule[], profile: PolicyProfile, asOf?: Date,
): Promise<Finding[]> {
  const { rows } = await executor.query<{ child_id: string; event: StoredEvent; sibling_of: string | null }>(
    `SELECT e.child_id, e.event, NULL::uuid AS sibling_of FROM ${tables.events} e WHERE e.child_id = ANY($1::uuid[])
     UNION ALL
     SELECT e.child_id, e.event, h.child_id AS sibling_of FROM ${tables.households} h
       JOIN ${tables.households} s ON s.household_id = h.household_id AND s.child_id <> h.child_id
       JOIN ${tables.events} e ON e.child_id = s.child_id AND e.event->>'type' = ANY($2::text[])
      WHERE h.child_id = ANY($1::uuid[])`,
    [children, [...SIBLING_SIGNALS]],
  );
  const own = new Map<string, RecordedEvent[]>();
  const siblings = new Map<string, RecordedEvent[]>();
  for (const row of rows) {
    const target = row.sibling_of ? siblings : own;
    const key = row.sibling_of ?? row.child_id;
    const list = target.get(key) ?? [];
    list.push(revive(row.event));
    target.set(key, list);
  }
  return children.flatMap((childId) => {
    const events = (own.get(childId) ?? []).sort((a, b) => a.revision - b.revision);
    const household = (siblings.get(childId) ?? []).sort((a, b) => a.position - b.position);
    const judgedAt = asOf ?? new Date(Math.max(0, ...[...events, ...household].map((event) => event.recordedAt.getTime())));
    const householdHistory = historyAsKnown('household', household, judgedAt).events;
    return evaluateChild(historyAsKnown(childId, events, judgedAt, householdHistory), rules, profile, judgedAt);
  });
}

type StoredEvent = Omit<RecordedEvent, 'recordedAt' | 'importedAt'> & { recordedAt: string; importedAt: string | null };

function revive(event: StoredEvent): RecordedEvent {
  return { ...event, recordedAt: new Date(event.recordedAt), importedAt: event.importedAt ? new Date(event.importedAt) : null };
}
