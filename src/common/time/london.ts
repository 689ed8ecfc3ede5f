// One formatter, made once: toLocaleDateString with a time zone builds a new one on every call,
// which costs tens of microseconds per event on an import of a million lines.
const LONDON_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const CACHE_LIMIT = 100_000;
// London's offset from UTC is a whole number of hours, so every instant of one UTC hour has the same
// London date: remembering it per hour saves the formatter (13 % of a chronology rebuild's time). Now
// only for years the summer-time rule below does not cover: remembered per hour, a history spread over
// more than eleven years (100,000 hours) emptied the cache over and over, and every call used the formatter.
const datesByHour = new Map<number, string>();
const midnights = new Map<string, Date>();

/** The calendar date of an instant in Europe/London, `YYYY-MM-DD`. */
export function londonDate(instant: Date): string {
  const time = instant.getTime();
  const utcDay = Math.floor(time / DAY_MS);
  const day = utcDays.get(utcDay) ?? rememberUtcDay(utcDay);
  if (!day.summer) return londonDateByFormatter(time);
  // In summer time 23:00-24:00 UTC is already the next day in London.
  const inSummerTime = time >= day.summer.start && time < day.summer.end;
  return inSummerTime && time + HOUR_MS >= (utcDay + 1) * DAY_MS ? day.next : day.date;
}

/** A UTC day's date, the day after it, and its year's summer time (null: leave it to the formatter). */
interface UtcDay { date: string; next: string; summer: { start: number; end: number } | null }
const utcDays = new Map<number, UtcDay>();

function rememberUtcDay(utcDay: number): UtcDay {
  const midnight = new Date(utcDay * DAY_MS);
  const day = { date: midnight.toISOString().slice(0, 10), next: new Date((utcDay + 1) * DAY_MS).toISOString().slice(0, 10), summer: summerTimeIn(midnight.getUTCFullYear()) };
  if (utcDays.size >= CACHE_LIMIT) utcDays.clear();
  utcDays.set(utcDay, day);
  return day;
}

/** The formatter's answer, remembered per UTC hour (years the summer-time rule below does not cover). */
function londonDateByFormatter(time: number): string {
  const hour = Math.floor(time / HOUR_MS);
  let date = datesByHour.get(hour);
  if (date === undefined) {
    date = LONDON_DATE.format(new Date(time));
    if (datesByHour.size >= CACHE_LIMIT) datesByHour.clear();
    datesByHour.set(hour, date);
  }
  return date;
}

const LONDON_HOUR = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' });
const summerTimes = new Map<number, { start: number; end: number } | null>();

/**
 * British Summer Time in a year, by the rule in force since 1996: from 01:00 UTC on the last Sunday
 * of March to 01:00 UTC on the last Sunday of October. Arithmetic is far cheaper than the formatter,
 * which the chronology and compliance call for every timed event; the formatter, which knows the
 * time zone database, checks the rule once per year at both changes, and any year the rule does not
 * describe (before 1996, or a year after a future change of the law) is left to the formatter.
 */
function summerTimeIn(year: number): { start: number; end: number } | null {
  let summer = summerTimes.get(year);
  if (summer === undefined) {
    const start = lastSundayAtOneUtc(year, 2);
    const end = lastSundayAtOneUtc(year, 9);
    const offset = (time: number) => (Number(LONDON_HOUR.format(new Date(time))) - new Date(time).getUTCHours() + 24) % 24;
    const ruleHolds = year >= 1996 && year <= 9999 && offset(start - 1) === 0 && offset(start) === 1 && offset(end - 1) === 1 && offset(end) === 0
      && offset(Date.UTC(year, 0, 15)) === 0 && offset(Date.UTC(year, 6, 15)) === 1 && offset(Date.UTC(year, 11, 15)) === 0;
    summer = ruleHolds ? { start, end } : null;
    summerTimes.set(year, summer);
  }
  return summer;
}

/** 01:00 UTC on the last Sunday of a month (0-based). */
function lastSundayAtOneUtc(year: number, month: number): number {
  const lastDay = Date.UTC(year, month + 1, 0, 1);
  return lastDay - new Date(lastDay).getUTCDay() * DAY_MS;
}

/** 00:00 in Europe/London on a calendar date (00:00 GMT in winter, 23:00 UTC the day before in summer). */
export function londonMidnight(date: string): Date {
  let midnight = midnights.get(date);
  if (midnight === undefined) {
    midnight = findMidnight(date);
    if (midnights.size >= CACHE_LIMIT) midnights.clear();
    midnights.set(date, midnight);
  }
  return new Date(midnight.getTime()); // a copy: callers may keep or change theirs
}

function findMidnight(date: string): Date {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  for (const offsetHours of [0, 1]) {
    const candidate = new Date(utcMidnight - offsetHours * HOUR_MS);
    if (LONDON_DATE.format(candidate) === date && LONDON_DATE.format(new Date(candidate.getTime() - 1)) !== date) return candidate;
  }
  return new Date(utcMidnight);
}
