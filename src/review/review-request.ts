import { londonMidnight } from '../common/time/london';
import { addCalendarDays } from '../compliance/calendar/working-days';
import { ValidationFailedError } from '../common/validation/field-problems';
import { EVENT_CATALOGUE } from '../children/catalogue/event-catalogue';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The sort key a chronology is paged by: occurredAt (as an instant), recordedAt, ledger position. */
export interface ChronologyCursor {
  occurredSort: string;
  recordedAt: string;
  position: number;
}

export interface ReviewWindow {
  /** Inclusive lower bound on when events happened. */
  from?: Date;
  /** Exclusive upper bound on when events happened. */
  toExclusive?: Date;
}

/**
 * A date is a Europe/London calendar day: `from` starts at its first moment, `to` and `asOf` take in
 * the whole day. An instant is taken as it is (`asOf` and `to` including it).
 */
export function startOf(field: string, value: string | undefined): Date | undefined {
  if (value === undefined || value === '') return undefined;
  if (DATE.test(value) && isRealDate(value)) return londonMidnight(value);
  if (INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return new Date(value);
  throw invalid(field, `${field} must be a date (YYYY-MM-DD) or an ISO 8601 instant with a time zone`);
}

/** The first moment after the day (a date) or the millisecond after the instant. */
export function endOf(field: string, value: string | undefined): Date | undefined {
  const start = startOf(field, value);
  if (!start) return undefined;
  return DATE.test(value!) ? londonMidnight(addCalendarDays(value!, 1)) : new Date(start.getTime() + 1);
}

export function pageLimit(value: string | undefined): number {
  if (value === undefined || value === '') return 100;
  const limit = Number(value);
  if (!/^\d+$/.test(value) || limit < 1 || limit > 1000) throw invalid('limit', 'limit must be an integer from 1 to 1000');
  return limit;
}

/** Comma-separated event types, e.g. `type=ConcernRaised,ReferralMade`. */
export function typeList(value: string | undefined): string[] | undefined {
  if (value === undefined || value === '') return undefined;
  const types = value.split(',').map((type) => type.trim()).filter(Boolean);
  if (types.length === 0 || types.length > 60 || types.some((type) => !/^[A-Za-z0-9]{1,80}$/.test(type))) throw invalid('type', 'type must be event type names separated by commas');
  // A misspelt type would quietly filter everything out: say so instead.
  const unknown = types.find((type) => !EVENT_CATALOGUE.has(type));
  if (unknown) throw invalid('type', `${unknown} is not an event type (GET /docs lists them)`);
  return types;
}

export function agencyFilter(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^[A-Za-z0-9._:-]{1,100}$/.test(value)) throw invalid('agency', 'agency must be an agency id');
  return value;
}

export function encodeCursor(cursor: ChronologyCursor): string {
  return Buffer.from(JSON.stringify([cursor.occurredSort, cursor.recordedAt, cursor.position])).toString('base64url');
}

/** A cursor is opaque to clients: one that is not ours is a 400, never a silent restart. */
export function decodeCursor(value: string | undefined): ChronologyCursor | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    const [occurredSort, recordedAt, position] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as [string, string, number];
    if (Number.isNaN(Date.parse(occurredSort)) || Number.isNaN(Date.parse(recordedAt)) || !Number.isSafeInteger(position)) throw new Error('bad');
    return { occurredSort, recordedAt, position };
  } catch {
    throw invalid('cursor', 'cursor is not one this service gave out');
  }
}

function isRealDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function invalid(field: string, reason: string): ValidationFailedError {
  return new ValidationFailedError([{ field, reason }]);
}

/** Query parameters given once each: `?type=a&type=b` is a 400, never an array where a string is expected. */
export function singleValued<T extends object>(params: T): { [K in keyof T]?: string } {
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && typeof value !== 'string') throw invalid(name, `${name} may be given once`);
  }
  return params as { [K in keyof T]?: string };
}
