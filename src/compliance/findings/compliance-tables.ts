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

/**
 * `storeEvents(childEventsOf(events))` in one statement on the database, for every event the SQL
 * subquery `events` yields (`EventsInSql`, ADR 0019): the same rows, the same slim copy (`forRules`).
 */
export async function storeEventsInSql(executor: Executor, table: string, events: string): Promise<void> {
  await executor.query(
    `INSERT INTO ${table} (event_id, child_id, revision, event)
     SELECT l."eventId", substr(l."streamId", ${'child-'.length + 1})::uuid, l.revision, jsonb_build_object(
       'streamId', l."streamId", 'revision', l.revision, 'position', l.position, 'checkpoint', '', 'eventId', l."eventId", 'type', l.type,
       'schemaVersion', l."schemaVersion", 'occurredAt', l."occurredAt", 'occurredAtPrecision', l."occurredAtPrecision",
       'recordedAt', l."recordedAt", 'importedAt', l."importedAt", 'recordedAtKnown', l."recordedAtKnown", 'data', l.data, 'dataDigest', '', 'hash', '',
       -- as forRules: the agency, and the actor when there is one (a JSON value JavaScript counts as true)
       'metadata', CASE WHEN l.metadata ? 'agencyId' THEN jsonb_build_object('agencyId', l.metadata->'agencyId') ELSE '{}' END
         || CASE WHEN l.metadata->'actor' NOT IN ('null', 'false', '0', '""') THEN jsonb_build_object('actor', l.metadata->'actor') ELSE '{}' END)
       FROM (${events}) AS l
      WHERE starts_with(l."streamId", 'child-')`,
  );
}

/** A finding as it is written: its id, its JSON (written once, for both the digest and the write) and its digest. */
export interface SerialisedFinding { id: string; json: string; digest: string }

/** The digest is what a stored finding is compared by: a change of any field is a change of the finding. */
export function serialiseFinding(finding: Finding): SerialisedFinding {
  const json = JSON.stringify(finding);
  return { id: finding.id, json, digest: hash('sha1', json, 'base64') };
}

/** Stored events of some children, as text (parsed where they are judged: in this thread or a judging thread). */
export interface EventRows { childIds: string[]; events: string[] }

/** For each child, the concern signals recorded about its siblings (children of the same household). */
export async function siblingSignals(executor: Executor, tables: { events: string; households: string }, children: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
  return historiesFrom(await siblingSignalRows(executor, tables, children));
}

export async function siblingSignalRows(executor: Executor, tables: { events: string; households: string }, children: readonly string[]): Promise<EventRows> {
  return eventRows(executor,
    `SELECT h.child_id AS child_id, e.event::text AS event FROM ${tables.households} h
       JOIN ${tables.households} s ON s.household_id = h.household_id AND s.child_id <> h.child_id
       JOIN ${tables.events} e ON e.child_id = s.child_id AND e.event->>'type' = ANY($2::text[])
      WHERE h.child_id = ANY($1::uuid[]) ORDER BY e.child_id, e.revision`,
    [children, SIBLING_SIGNALS],
  );
}

export async function readHistories(executor: Executor, table: string, children: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
  return historiesInOrder(await historyRows(executor, table, children, { inOrder: false }));
}

/**
 * Each child's events, put in revision order here rather than by PostgreSQL: a few hundred children's
 * histories (a service's first batches read them all back) overflow its sort memory and were sorted
 * on disk, about a third of the read.
 */
export function historiesInOrder(rows: EventRows): Map<string, RecordedEvent[]> {
  const histories = historiesFrom(rows);
  for (const events of histories.values()) events.sort((a, b) => a.revision - b.revision);
  return histories;
}

/** As stored, as text; `inOrder` (the default): by child, then revision, as the judging threads take them. */
export async function historyRows(executor: Executor, table: string, children: readonly string[], { inOrder = true } = {}): Promise<EventRows> {
  return eventRows(executor, `SELECT child_id, event::text AS event FROM ${table} WHERE child_id = ANY($1::uuid[])${inOrder ? ' ORDER BY child_id, revision' : ''}`, [children]);
}

async function eventRows(executor: Executor, sql: string, parameters: unknown[]): Promise<EventRows> {
  const { rows } = await executor.query<{ child_id: string; event: string }>({ text: sql, values: parameters, rowMode: 'array' } as never);
  const childIds: string[] = [];
  const events: string[] = [];
  for (const [childId, event] of rows as unknown as Array<[string, string]>) {
    childIds.push(childId);
    events.push(event);
  }
  return { childIds, events };
}

/** Each child's events, in the order read. */
export function historiesFrom({ childIds, events }: EventRows): Map<string, RecordedEvent[]> {
  const histories = new Map<string, RecordedEvent[]>();
  for (const [index, childId] of childIds.entries()) {
    const list = histories.get(childId) ?? [];
    list.push(revive(JSON.parse(events[index]) as StoredEvent));
    histories.set(childId, list);
  }
  return histories;
}

/** The events that set a child's household. */
export const HOUSEHOLD_EVENTS = ['ChildRegistered', 'HouseholdChanged'];

/** The latest household of each child in the batch wins. */
export async function recordHouseholds(transaction: Executor, table: string, events: readonly RecordedEvent[]): Promise<void> {
  const households = new Map(events
    .filter((event) => HOUSEHOLD_EVENTS.includes(event.type) && typeof event.data?.householdId === 'string')
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
  if (changed.length > 0) await insertFindingRows(transaction, table, findingRows(changed), { replacing: true });
}

/**
 * Each finding once, as the JSON already written for its digest, beside its digest: `[[digest, finding], ...]`.
 * (Sending the columns as well cost a third more bytes to write and to parse.)
 */
export function findingRows(findings: readonly SerialisedFinding[]): string {
  return `[${findings.map(({ json, digest }) => `[${JSON.stringify(digest)},${json}]`).join(',')}]`;
}

/**
 * Writes the findings `findingRows` wrote out, in one statement; the columns are read out of each
 * finding here. `replacing`: a finding already stored under its id is replaced (needs the table's
 * primary key); without it, a plain insert, for a rebuild's table that is indexed once filled.
 */
export async function insertFindingRows(executor: Executor, table: string, rows: string, { replacing }: { replacing: boolean }): Promise<void> {
  await executor.query(
    `INSERT INTO ${table} (id, rule, child_id, agency_id, status, due_at, breached_at, met_at, digest, finding)
     SELECT (f->>'id')::uuid, f->>'rule', (f->>'childId')::uuid, f->>'agencyId', f->>'status', (f->>'dueAt')::date, (f->>'breachedAt')::date, (f->>'metAt')::date, pair->>0, f
       FROM jsonb_array_elements($1::jsonb) AS pair, LATERAL (SELECT pair->1 AS f) AS finding
     ${replacing ? `ON CONFLICT (id) DO UPDATE SET rule = excluded.rule, child_id = excluded.child_id, agency_id = excluded.agency_id, status = excluded.status,
       due_at = excluded.due_at, breached_at = excluded.breached_at, met_at = excluded.met_at, digest = excluded.digest, finding = excluded.finding` : ''}`,
    [rows],
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
