import { hash } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { RecordedEvent } from '../../ledger/event-store.port';
import { childIdOfStream } from '../../projections/chronology/child-of-stream';
import type { TableNames } from '../../projections/runner/projection';
import { tableName } from '../../projections/sql-tables';
import type { Finding } from '../evaluate-child';

/*
 * The compliance projection's own tables, read and written inside the projection's transaction:
 * `compliance_events` (a slim copy of each child's events, what the rules read), `compliance_households`
 * (which children are siblings) and `compliance_findings`.
 */

export type Executor = Pick<PoolClient, 'query'>;

/** Signals whose appearance in one child's record can change a sibling's findings (R22). */
export const SIBLING_SIGNALS = ['ConcernRaised', 'AppointmentMissed', 'VisitNoAccess'];

export interface ComplianceTables { events: string; households: string; findings: string }

/** The physical, quoted names of the projection's tables (live ones, or a rebuild's `_next` twins). */
export function complianceTables(tables: TableNames): ComplianceTables {
  return { events: tableName(tables.compliance_events), households: tableName(tables.compliance_households), findings: tableName(tables.compliance_findings) };
}

/** The child events of a batch, as the rules read them. */
export function childEventsOf(events: readonly RecordedEvent[]): RecordedEvent[] {
  return events.filter((event) => event.streamId.startsWith('child-')).map(forRules);
}

export function childOf(event: RecordedEvent): string {
  return childIdOfStream(event.streamId);
}

/** Keeps the batch's child events, for judging this child again later. */
export async function storeEvents(transaction: Executor, table: string, childEvents: readonly RecordedEvent[]): Promise<void> {
  await transaction.query(
    `INSERT INTO ${table} (event_id, child_id, revision, event) SELECT event_id, child_id, revision, event FROM jsonb_to_recordset($1::jsonb) AS x(event_id uuid, child_id uuid, revision bigint, event jsonb)`,
    [JSON.stringify(childEvents.map((event) => ({ event_id: event.eventId, child_id: childOf(event), revision: event.revision, event })))],
  );
}

/** A finding with its JSON (written once, for both the digest and the write) and its digest. */
export interface SerialisedFinding { finding: Finding; json: string; digest: string }

/** The digest is what a stored finding is compared by: a change of any field is a change of the finding. */
export function serialiseFinding(finding: Finding): SerialisedFinding {
  const json = JSON.stringify(finding);
  return { finding, json, digest: hash('sha1', json, 'base64') };
}

/** For each child, the concern signals recorded about its siblings (children of the same household). */
export async function siblingSignals(executor: Executor, tables: { events: string; households: string }, children: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
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

export async function readHistories(executor: Executor, table: string, children: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
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
export async function recordHouseholds(transaction: Executor, table: string, events: readonly RecordedEvent[]): Promise<void> {
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

export async function writeFindings(transaction: Executor, table: string, { gone, changed }: { gone: string[]; changed: SerialisedFinding[] }): Promise<void> {
  if (gone.length > 0) await transaction.query(`DELETE FROM ${table} WHERE id = ANY($1::uuid[])`, [gone]);
  if (changed.length === 0) return;
  // Each row's finding is spliced in as the JSON already written for its digest, not serialised again.
  const rows = changed.map(({ finding, json, digest }) => `${JSON.stringify({
    id: finding.id, rule: finding.rule, child_id: finding.childId, agency_id: finding.agencyId, status: finding.status,
    due_at: finding.dueAt, breached_at: finding.breachedAt ?? null, met_at: finding.metAt ?? null, digest,
  }).slice(0, -1)},"finding":${json}}`);
  await transaction.query(
    `INSERT INTO ${table} (id, rule, child_id, agency_id, status, due_at, breached_at, met_at, digest, finding)
     SELECT id, rule, child_id, agency_id, status, due_at, breached_at, met_at, digest, finding FROM jsonb_to_recordset($1::jsonb)
       AS x(id uuid, rule text, child_id uuid, agency_id text, status text, due_at date, breached_at date, met_at date, digest text, finding jsonb)
     ON CONFLICT (id) DO UPDATE SET rule = excluded.rule, child_id = excluded.child_id, agency_id = excluded.agency_id, status = excluded.status,
       due_at = excluded.due_at, breached_at = excluded.breached_at, met_at = excluded.met_at, digest = excluded.digest, finding = excluded.finding`,
    [`[${rows.join(',')}]`],
  );
}

/** What the rules read of an event (no hashes, digests or delivery metadata): a smaller copy to write and read back. */
export function forRules(event: RecordedEvent): RecordedEvent {
  const { agencyId, actor } = event.metadata;
  return { ...event, metadata: actor ? { agencyId, actor } : { agencyId }, hash: '', dataDigest: '', checkpoint: '' };
}

export type StoredEvent = Omit<RecordedEvent, 'recordedAt' | 'importedAt'> & { recordedAt: string; importedAt: string | null };

export function revive(event: StoredEvent): RecordedEvent {
  return { ...event, recordedAt: new Date(event.recordedAt), importedAt: event.importedAt ? new Date(event.importedAt) : null };
}
