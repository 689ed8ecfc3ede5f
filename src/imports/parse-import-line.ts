import type { Principal } from '../access/principal';
import { deeperThan, MAX_JSON_DEPTH } from '../common/http/json-body';
import type { FieldProblem } from '../common/validation/field-problems';
import { isValidNhsNumber } from '../children/catalogue/nhs-number';
import { parseRecordEvent, type ValidEvent } from '../children/intake/parse-record-event';
import { londonDate, londonMidnight } from '../common/time/london';

/** One line of an import, checked: the event, whose child it is about, for which agency, and when the source recorded it. */
export interface ImportLine {
  line: number;
  event: ValidEvent;
  child: { childId: string } | { nhsNumber: string };
  agencyId: string;
  recordedAt: Date;
  recordedAtKnown: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
const IMPORT_FIELDS = ['childId', 'nhsNumber', 'agencyId', 'recordedAt'];

/**
 * One NDJSON line (API.md "One import line"): the fields of live intake plus the child (`childId`
 * or `nhsNumber`), the agency (an agency imports only as itself) and the source's `recordedAt`,
 * which may be neither after the import nor before the event. Without it the event is marked
 * `recordedAtKnown: false` and takes its occurrence as its recording time.
 */
export function parseImportLine(text: string, line: number, now: Date, principal: Principal): { line: ImportLine } | { problems: FieldProblem[] } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { problems: [{ field: 'line', reason: 'the line is not valid JSON' }] };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { problems: [{ field: 'line', reason: 'a line must be a JSON object' }] };
  if (deeperThan(body, MAX_JSON_DEPTH)) return { problems: [{ field: 'line', reason: `the line is nested more than ${MAX_JSON_DEPTH} levels deep` }] };
  const record = body as Record<string, unknown>;
  const eventPart = Object.fromEntries(Object.entries(record).filter(([key]) => !IMPORT_FIELDS.includes(key)));
  const parsed = parseRecordEvent(eventPart, now, ['live', 'import']);
  if ('problems' in parsed) return parsed;
  const problems: FieldProblem[] = [];

  const child = childOf(record, problems);
  const agencyId = agencyOf(record.agencyId, principal, problems);
  const recording = recordingOf(record.recordedAt, parsed.event, now, problems);
  if (problems.length || !child || !agencyId || !recording) return { problems };
  return { line: { line, event: parsed.event, child, agencyId, ...recording } };
}

function childOf(record: Record<string, unknown>, problems: FieldProblem[]): ImportLine['child'] | undefined {
  if (typeof record.childId === 'string' && UUID.test(record.childId) && record.nhsNumber === undefined) return { childId: record.childId.toLowerCase() };
  if (isValidNhsNumber(record.nhsNumber) && record.childId === undefined) return { nhsNumber: record.nhsNumber };
  problems.push({ field: record.nhsNumber !== undefined ? 'nhsNumber' : 'childId', reason: 'give the childId (a UUID) or the nhsNumber of a registered child, not both' });
  return undefined;
}

function agencyOf(value: unknown, principal: Principal, problems: FieldProblem[]): string | undefined {
  if (principal.role === 'agency') {
    if (value === undefined || value === principal.agencyId) return principal.agencyId;
    problems.push({ field: 'agencyId', reason: 'an agency imports only as itself' });
    return undefined;
  }
  if (typeof value === 'string' && /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/.test(value)) return value;
  problems.push({ field: 'agencyId', reason: 'agencyId names the agency that recorded the event' });
  return undefined;
}

function recordingOf(value: unknown, event: ValidEvent, now: Date, problems: FieldProblem[]): { recordedAt: Date; recordedAtKnown: boolean } | undefined {
  const occurred = event.occurredAtPrecision === 'date' ? londonMidnight(event.occurredAt) : new Date(event.occurredAt);
  if (value === undefined) return { recordedAt: occurred, recordedAtKnown: false };
  const recordedAt = typeof value === 'string' && INSTANT.test(value) ? new Date(value) : undefined;
  if (!recordedAt || Number.isNaN(recordedAt.getTime())) {
    problems.push({ field: 'recordedAt', reason: 'recordedAt must be a date-time with a time zone' });
  } else if (recordedAt.getTime() > now.getTime()) {
    problems.push({ field: 'recordedAt', reason: 'recordedAt cannot be after the import' });
  } else if (event.occurredAtPrecision === 'date' ? londonDate(recordedAt) < event.occurredAt : recordedAt.getTime() < occurred.getTime()) {
    problems.push({ field: 'recordedAt', reason: 'recordedAt cannot be before occurredAt' });
  } else {
    return { recordedAt, recordedAtKnown: true };
  }
  return undefined;
}
