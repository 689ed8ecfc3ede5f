import Holidays from 'date-holidays';
import { londonDate } from '../../common/time/london';

// Working days for England & Wales on Europe/London calendar dates (`YYYY-MM-DD`); see docs/working-days.md.

const FIRST_YEAR = 1990;
const LAST_YEAR = 2100;

/**
 * Where date-holidays (GB, ENG) is wrong for the years we support, from gov.uk's bank holiday
 * history: `true` adds a bank holiday the library lacks, `false` removes a regular one that moved
 * that year. The 2020, 2022 and 2023 one-offs are in the library (and pinned by the tests).
 */
const CORRECTIONS: ReadonlyMap<string, boolean> = new Map([
  ['1995-05-01', false], ['1995-05-08', true], // early May bank holiday moved for VE Day's 50th anniversary
  ['1999-12-31', true], // Millennium
  ['2002-05-27', false], ['2002-06-03', true], ['2002-06-04', true], // Golden Jubilee; spring bank holiday moved
  ['2011-04-29', true], // royal wedding
  ['2012-05-28', false], ['2012-06-04', true], // Diamond Jubilee (5 June is in the library); spring bank holiday moved
]);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_OF_INSTANT = /^T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)$/;

interface CalendarDate { year: number; month: number; dayOfMonth: number; day: number }

/** One year of England & Wales working days, indexed by day of the year (0 = 1 January). */
interface YearCalendar {
  readonly start: number; // day number (days since 1970-01-01) of 1 January
  readonly bankHoliday: Uint8Array;
  readonly working: Uint8Array;
  readonly workingUpTo: Uint16Array; // working days from 1 January up to and including the day
  readonly workingDays: Int32Array; // day numbers of the year's working days, in order
}

const years: (YearCalendar | undefined)[] = [];
let holidays: Holidays | undefined;

/**
 * True on an England & Wales bank holiday, substitute days included (and the day itself when it
 * falls on a weekend, e.g. Christmas 2021 on a Saturday). RangeError outside 1990-2100.
 */
export function isBankHoliday(date: string): boolean {
  const { year, day } = parse(date);
  const calendar = yearCalendar(year);
  return calendar.bankHoliday[day - calendar.start] === 1;
}

/** True Monday to Friday unless a bank holiday. RangeError outside 1990-2100. */
export function isWorkingDay(date: string): boolean {
  const { year, day } = parse(date);
  const calendar = yearCalendar(year);
  return calendar.working[day - calendar.start] === 1;
}

/**
 * The date `days` working days after `date` ("within N WD of X" ends on `addWorkingDays(X, N)`).
 * Day 0 is `date` itself, working day or not. Counting starts from `date` even when it is not a
 * working day (DOMAIN.md: "the Nth working day after the date of X"): 1 WD after a Saturday is the
 * Monday, as it is after the Friday. With `days` < 0, the |days|-th working day before `date`
 * (-1 from a Saturday or from a Monday is the Friday).
 * For n >= 0, and any n from a working day, `workingDaysBetween(date, result) === days`.
 */
export function addWorkingDays(date: string, days: number): string {
  const { year, day } = parse(date);
  integer(days, 'days');
  if (days === 0) return date;
  let y = year;
  let calendar = yearCalendar(y);
  const index = day - calendar.start;
  // the target's ordinal among this year's working days (1 = the first), possibly beyond the year
  let ordinal = calendar.workingUpTo[index] + days + (days < 0 && calendar.working[index] === 0 ? 1 : 0);
  while (ordinal > calendar.workingDays.length) {
    ordinal -= calendar.workingDays.length;
    calendar = yearCalendar(++y);
  }
  while (ordinal < 1) {
    calendar = yearCalendar(--y);
    ordinal += calendar.workingDays.length;
  }
  return formatDay(calendar.workingDays[ordinal - 1]);
}

/**
 * Working days after `from` up to and including `to`: 0 on the same day, 1 from a Friday to the
 * next Monday (or from a Saturday to a Monday), negative (the same count) when `to` is before `from`.
 */
export function workingDaysBetween(from: string, to: string): number {
  const start = parse(from);
  const end = parse(to);
  return end.day < start.day ? 0 - countWorkingDays(end, start) : countWorkingDays(start, end); // 0 - n: never -0
}

/**
 * Recording lag in working days from the London date of `occurredAt` (`YYYY-MM-DD`, or an ISO
 * instant with `Z` or an offset) to the London date of `recordedAt`; 0 when recorded before it occurred.
 * RangeError for a malformed occurredAt, an invalid recordedAt, or a date outside 1990-2100.
 */
export function recordingLagWorkingDays(occurredAt: string, recordedAt: Date): number {
  if (!(recordedAt instanceof Date) || Number.isNaN(recordedAt.getTime())) throw new RangeError('recordedAt is not a valid Date');
  const occurredDate = typeof occurredAt === 'string' && occurredAt.length > 10 ? londonDate(parseInstant(occurredAt)) : occurredAt;
  return Math.max(0, workingDaysBetween(occurredDate, londonDate(recordedAt)));
}

/** The calendar date `days` days after `date` (before it when negative). Any year 0000-9999. */
export function addCalendarDays(date: string, days: number): string {
  integer(days, 'days');
  return formatDay(parse(date).day + days);
}

/** Calendar days from `from` to `to`: 0 on the same day, negative when `to` is before `from`. */
export function calendarDaysBetween(from: string, to: string): number {
  return parse(to).day - parse(from).day;
}

/**
 * The same day of the month `months` months later (earlier when negative), clamped to the last
 * day of a shorter month: 2024-01-31 + 1 month = 2024-02-29, 2024-03-31 - 1 month = 2024-02-29.
 */
export function addMonths(date: string, months: number): string {
  const { year, month, dayOfMonth } = parse(date);
  integer(months, 'months');
  const index = year * 12 + month - 1 + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return format(y, m, Math.min(dayOfMonth, daysInMonth(y, m)));
}

function countWorkingDays(start: CalendarDate, end: CalendarDate): number {
  let calendar = yearCalendar(start.year);
  let count = -calendar.workingUpTo[start.day - calendar.start];
  for (let y = start.year; y < end.year; y++) {
    count += calendar.workingDays.length;
    calendar = yearCalendar(y + 1);
  }
  return count + calendar.workingUpTo[end.day - calendar.start];
}

function yearCalendar(year: number): YearCalendar {
  const cached = years[year - FIRST_YEAR];
  if (cached) return cached;
  if (year < FIRST_YEAR || year > LAST_YEAR) throw new RangeError(`working days are only known for ${FIRST_YEAR}-${LAST_YEAR}`);
  const start = daysFromCivil(year, 1, 1);
  const length = daysFromCivil(year + 1, 1, 1) - start;
  const bankHoliday = new Uint8Array(length);
  holidays ??= new Holidays('GB', 'ENG');
  // only bank holidays: date-holidays also lists observances (Mother's Day, Easter Sunday, ...)
  for (const holiday of holidays.getHolidays(year)) {
    if (holiday.type === 'public') bankHoliday[parse(holiday.date.slice(0, 10)).day - start] = 1;
  }
  for (const [date, isHoliday] of CORRECTIONS) {
    if (date.startsWith(`${year}-`)) bankHoliday[parse(date).day - start] = isHoliday ? 1 : 0;
  }
  const working = new Uint8Array(length);
  const workingUpTo = new Uint16Array(length);
  const workingDays: number[] = [];
  for (let i = 0; i < length; i++) {
    const weekday = (start + i + 4) % 7; // 0 = Sunday: 1970-01-01 was a Thursday
    if (weekday >= 1 && weekday <= 5 && bankHoliday[i] === 0) {
      working[i] = 1;
      workingDays.push(start + i);
    }
    workingUpTo[i] = workingDays.length;
  }
  const calendar = { start, bankHoliday, working, workingUpTo, workingDays: Int32Array.from(workingDays) };
  years[year - FIRST_YEAR] = calendar;
  return calendar;
}

function parse(date: string): CalendarDate {
  const match = typeof date === 'string' ? DATE.exec(date) : null;
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  const dayOfMonth = Number(match?.[3]);
  if (!match || month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > daysInMonth(year, month)) {
    throw new RangeError('expected a calendar date YYYY-MM-DD');
  }
  return { year, month, dayOfMonth, day: daysFromCivil(year, month, dayOfMonth) };
}

function parseInstant(instant: string): Date {
  parse(instant.slice(0, 10)); // Date.parse would roll 2024-02-30 over to March
  const time = Date.parse(instant);
  if (!TIME_OF_INSTANT.test(instant.slice(10)) || Number.isNaN(time)) throw new RangeError('expected YYYY-MM-DD or an ISO instant');
  return new Date(time);
}

function integer(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be an integer`);
}

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

// Days since 1970-01-01 in the proleptic Gregorian calendar, and back (H. Hinnant's algorithms).
function daysFromCivil(year: number, month: number, dayOfMonth: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + dayOfMonth - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function formatDay(day: number): string {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153); // 0 = March
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return format(yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1);
}

function format(year: number, month: number, dayOfMonth: number): string {
  if (year < 0 || year > 9999) throw new RangeError('date out of range 0000-9999');
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
}
