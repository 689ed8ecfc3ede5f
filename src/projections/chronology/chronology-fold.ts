import { londonMidnight } from '../../common/time/london';
import { recordingLagWorkingDays } from '../../compliance/calendar/working-days';
import type { RecordedEvent, Sensitivity } from '../../ledger/event-store.port';
import { childIdOfStream } from './child-of-stream';
import type { AppliedCorrection, ChronologyEntry, CorrectedFieldChange } from './chronology-entry';
import { describeEvent } from './event-descriptions';

/** A chronology row as the read model stores it: what reviewers see, plus the corrected data summaries are written from. */
export interface StoredEntry {
  entry: ChronologyEntry;
  data: Record<string, unknown> | null;
  /** occurredAt as an instant: a date sorts at 00:00 Europe/London that day. */
  occurredSort: Date;
}

/** Events that change a row instead of being rows: a correction, a change of sensitivity. */
export const FOLDED_TYPES: ReadonlySet<string> = new Set(['RecordCorrected', 'SensitivityChanged']);

/** The row for an event when it is first recorded. Agency names are filled in when read (an agency may be renamed). */
export function entryFor(event: RecordedEvent): StoredEntry {
  const agencyId = agencyOf(event);
  const description = describeEvent(event.type, event.data, agencyId);
  const imported = event.importedAt !== null;
  return {
    data: event.data,
    occurredSort: occurredInstant(event.occurredAt),
    entry: {
      eventId: event.eventId,
      childId: childIdOfStream(event.streamId),
      revision: event.revision,
      position: event.position,
      occurredAt: event.occurredAt,
      occurredAtPrecision: event.occurredAtPrecision,
      recordedAt: event.recordedAt.toISOString(),
      recordedAtKnown: event.recordedAtKnown,
      recordingLag: event.recordedAtKnown ? lagOrUnknown(event) : null,
      agencyId,
      agencyName: null,
      type: event.type,
      summary: description.summary,
      significance: description.significance,
      action: description.action,
      outcome: description.outcome,
      provenance: imported ? 'imported' : 'live',
      importedAt: imported ? event.importedAt!.toISOString() : null,
      sensitivity: event.metadata.sensitivity ?? 'normal',
      relatedEvents: description.relatedEvents,
      correctedBy: [],
      corrections: [],
    },
  };
}

/** The agency an event is recorded by. Only the administrator writes events with no agency (linking duplicate records). */
export function agencyOf(event: RecordedEvent): string {
  return event.metadata.agencyId ?? (event.metadata.actor?.role === 'admin' ? 'administrator' : 'unknown');
}

/** What folding needs of a correction or a change of sensitivity (a rebuild keeps only this of them until its end). */
export type FoldedEvent = Pick<RecordedEvent, 'eventId' | 'type' | 'data' | 'recordedAt' | 'position'>;

/** The event a folded event changes, or undefined for an ordinary event. */
export function targetOf(event: Pick<RecordedEvent, 'type' | 'data'>): string | undefined {
  if (!event.data) return undefined;
  if (event.type === 'RecordCorrected') return event.data.correctedEventId as string;
  if (event.type === 'SensitivityChanged') return event.data.eventId as string;
  return undefined;
}

/**
 * Folds a correction or a change of sensitivity into the row it points at, if `rows` holds that row
 * and it was recorded before (a folded event pointing elsewhere changes nothing: the decider refuses
 * it; imported history may hold one). Returns the id of the row changed.
 */
export function applyFold(rows: Map<string, StoredEntry>, event: FoldedEvent): string | undefined {
  const target = rows.get(targetOf(event) ?? '');
  if (!target || target.entry.position >= event.position) return undefined;
  rows.set(target.entry.eventId, applyFolded(target, event));
  return target.entry.eventId;
}

/** The row after a folded event (a new object; the input is left as it was). */
function applyFolded(target: StoredEntry, event: FoldedEvent): StoredEntry {
  if (event.type === 'SensitivityChanged') {
    return { ...target, entry: { ...target.entry, sensitivity: event.data!.sensitivity as Sensitivity } };
  }
  const { data, changes } = correctedData(target.data, event.data!.fields as Array<{ path: string; value: string }>);
  const correction: AppliedCorrection = { eventId: event.eventId, fields: changes, reason: event.data!.reason as string, recordedAt: event.recordedAt.toISOString() };
  const description = describeEvent(target.entry.type, data, target.entry.agencyId);
  return {
    ...target,
    data,
    entry: {
      ...target.entry,
      summary: description.summary,
      significance: description.significance,
      action: description.action,
      outcome: description.outcome,
      relatedEvents: description.relatedEvents,
      correctedBy: [...target.entry.correctedBy, event.eventId],
      corrections: [...target.entry.corrections, correction],
    },
  };
}

/**
 * Applies events, in the order they were recorded, to `rows` (keyed by event id): a new row for an
 * ordinary event, a folded event into the row it points at. Returns the ids of the rows added or changed.
 * The projection folds each batch into the rows it loaded; `foldChronology` folds a whole history.
 */
export function foldInto(rows: Map<string, StoredEntry>, events: Iterable<RecordedEvent>): Set<string> {
  const changed = new Set<string>();
  for (const event of events) {
    if (!FOLDED_TYPES.has(event.type)) {
      rows.set(event.eventId, entryFor(event));
      changed.add(event.eventId);
      continue;
    }
    const folded = applyFold(rows, event);
    if (folded) changed.add(folded);
  }
  return changed;
}

/** The whole fold, for an as-of replay and for the tests: events in the order they were recorded → rows keyed by event id. */
export function foldChronology(events: Iterable<RecordedEvent>): Map<string, StoredEntry> {
  const rows = new Map<string, StoredEntry>();
  foldInto(rows, events);
  return rows;
}

/** Timeline order (API.md): occurredAt, then recordedAt, then arrival in the ledger. */
export function compareEntries(a: StoredEntry, b: StoredEntry): number {
  return a.occurredSort.getTime() - b.occurredSort.getTime()
    || Date.parse(a.entry.recordedAt) - Date.parse(b.entry.recordedAt)
    || a.entry.position - b.entry.position;
}

/** The calendar covers 1990-2100; older imported history has no working-day lag rather than stopping the projection. */
function lagOrUnknown(event: RecordedEvent): number | null {
  try {
    return recordingLagWorkingDays(event.occurredAt, event.recordedAt);
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

export function occurredInstant(occurredAt: string): Date {
  return occurredAt.length === 10 ? londonMidnight(occurredAt) : new Date(occurredAt);
}

/** A copy of `data` with a correction's fields applied, and what each field was before. */
export function correctedData(original: Record<string, unknown> | null, fields: ReadonlyArray<{ path: string; value: string }>): { data: Record<string, unknown>; changes: CorrectedFieldChange[] } {
  const data = structuredClone(original ?? {});
  const changes = fields.map(({ path, value }) => {
    const corrected = parseCorrectedValue(value);
    const previousValue = setAtPath(data, path, corrected);
    return { path, previousValue, value: corrected };
  });
  return { data, changes };
}

/** A corrected value is JSON text; anything that is not JSON is kept as the text it is. */
function parseCorrectedValue(value: string): unknown {
  // Text that cannot begin a JSON value is kept without asking the parser: its exception costs tens of
  // microseconds, and compliance folds a child's corrections again each time the child is judged.
  if (!JSON_START.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** How a JSON text can begin (after whitespace): a string, object, array or number, or exactly a literal. */
const JSON_START = /^\s*(?:["{[\-0-9]|(?:true|false|null)\s*$)/;

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Sets `value` at a dotted path (array indexes as numbers) and returns what was there. */
function setAtPath(data: Record<string, unknown>, path: string, value: unknown): unknown {
  const keys = path.split('.');
  if (keys.some((key) => UNSAFE_KEYS.has(key))) return null; // never let a path reach an object's prototype
  let node: Record<string, unknown> = data;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  const previous = node[last];
  node[last] = value;
  return previous ?? null;
}
