import type { OccurredAtPrecision } from '../../ledger/event-store.port';
import { londonDate } from '../../common/time/london';
import { isCalendarDate } from '../catalogue/fields';

export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

// An instant with a time zone: Z or ±hh:mm, optional fractional seconds.
const INSTANT = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
const EARLIEST = '1900-01-01';

export type OccurredAtParse =
  | { occurredAt: string; precision: OccurredAtPrecision }
  | { problem: string };

/**
 * When something happened, as agencies send it: a calendar date (`2026-01-12`, Europe/London) or an
 * instant with its zone (`2026-01-12T09:30:00Z`). Stored as the date, or as the instant in UTC with
 * milliseconds. More than five minutes in the future is refused: it cannot have happened yet.
 */
export function parseOccurredAt(value: unknown, now: Date): OccurredAtParse {
  if (typeof value !== 'string') return { problem: 'occurredAt must be a date (YYYY-MM-DD) or a date-time with a time zone' };
  if (isCalendarDate(value)) {
    if (value < EARLIEST) return { problem: 'occurredAt is before 1900' };
    const todayInLondon = londonDate(new Date(now.getTime() + FUTURE_TOLERANCE_MS));
    if (value > todayInLondon) return { problem: 'occurredAt is in the future' };
    return { occurredAt: value, precision: 'date' };
  }
  if (!INSTANT.test(value)) return { problem: 'occurredAt must be a date (YYYY-MM-DD) or a date-time with a time zone' };
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime()) || !isCalendarDate(value.slice(0, 10)) || instant.getUTCFullYear() < 1900) {
    return { problem: 'occurredAt is not a real date-time' };
  }
  if (instant.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) return { problem: 'occurredAt is more than 5 minutes in the future' };
  return { occurredAt: instant.toISOString(), precision: 'date-time' };
}
