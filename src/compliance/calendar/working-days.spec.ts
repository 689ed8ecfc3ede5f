import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  addCalendarDays, addMonths, addWorkingDays, calendarDaysBetween, isBankHoliday, isWorkingDay,
  recordingLagWorkingDays, workingDaysBetween,
} from './working-days';

const dayIn = (from: string, to: string) =>
  fc.integer({ min: 0, max: calendarDaysBetween(from, to) }).map((offset) => addCalendarDays(from, offset));

describe('England & Wales bank holidays', () => {
  it.each([
    ['2024-03-29', 'Good Friday 2024'],
    ['2024-04-01', 'Easter Monday 2024'],
    ['2024-05-06', 'early May bank holiday 2024'],
    ['2024-05-27', 'spring bank holiday 2024'],
    ['2025-05-05', 'early May bank holiday 2025'],
    ['2025-05-26', 'spring bank holiday 2025'],
    ['2025-08-25', 'summer bank holiday 2025'],
    ['2026-01-01', "New Year's Day 2026"],
    ['2022-01-03', "New Year's Day 2022 (substitute)"],
    ['2021-12-27', 'Christmas Day 2021 (substitute)'],
    ['2021-12-28', 'Boxing Day 2021 (substitute)'],
    ['2022-12-26', 'Boxing Day 2022'],
    ['2022-12-27', 'Christmas Day 2022 (substitute)'],
    ['2020-12-28', 'Boxing Day 2020 (substitute)'],
    ['2020-05-08', 'early May bank holiday moved to VE Day'],
    ['2022-06-02', 'spring bank holiday moved for the Platinum Jubilee'],
    ['2022-06-03', 'Platinum Jubilee'],
    ['2022-09-19', "the Queen's funeral"],
    ['2023-05-08', 'the Coronation'],
    ['1995-05-08', 'early May bank holiday moved to VE Day (50th)'],
    ['1999-12-31', 'the Millennium'],
    ['2002-06-03', 'Golden Jubilee'],
    ['2002-06-04', 'spring bank holiday moved for the Golden Jubilee'],
    ['2011-04-29', 'the royal wedding'],
    ['2012-06-04', 'spring bank holiday moved for the Diamond Jubilee'],
    ['2012-06-05', 'Diamond Jubilee'],
  ])('%s is a bank holiday (%s)', (date) => {
    expect(isBankHoliday(date)).toBe(true);
    expect(isWorkingDay(date)).toBe(false);
  });

  it.each([
    ['2020-05-04', 'the early May Monday moved to VE Day'],
    ['2022-05-30', 'the spring Monday moved for the Platinum Jubilee'],
    ['1995-05-01', 'the early May Monday moved to VE Day (50th)'],
    ['2002-05-27', 'the spring Monday moved for the Golden Jubilee'],
    ['2012-05-28', 'the spring Monday moved for the Diamond Jubilee'],
    ['2025-01-02', 'a Scottish holiday'],
    ['2025-08-04', 'the Scottish summer bank holiday'],
    ['2025-03-17', "St Patrick's Day (Northern Ireland)"],
    ['2026-11-30', "St Andrew's Day (Scotland)"],
    ['2025-12-24', 'Christmas Eve'],
  ])('%s is a working day (%s)', (date) => {
    expect(isBankHoliday(date)).toBe(false);
    expect(isWorkingDay(date)).toBe(true);
  });

  it('does not count observances such as Mothering Sunday or Easter Sunday', () => {
    expect(isBankHoliday('2024-03-10')).toBe(false);
    expect(isBankHoliday('2024-03-31')).toBe(false);
  });

  it('counts weekends out and ordinary weekdays in', () => {
    expect(['2026-01-09', '2026-01-10', '2026-01-11', '2026-01-12'].map(isWorkingDay)).toEqual([true, false, false, true]);
  });

  it('has 253 working days in 2025 and 254 in the leap year 2024 (weekdays less 8 bank holidays)', () => {
    expect(workingDaysBetween('2024-12-31', '2025-12-31')).toBe(261 - 8);
    expect(workingDaysBetween('2023-12-31', '2024-12-31')).toBe(262 - 8);
  });
});

describe('adding working days', () => {
  it.each([
    ['2026-01-12', 1, '2026-01-13', 'Monday to Tuesday'],
    ['2026-01-09', 1, '2026-01-12', 'Friday to Monday'],
    ['2025-08-22', 1, '2025-08-26', 'over the summer bank holiday weekend'],
    ['2024-03-28', 1, '2024-04-02', 'over Easter'],
    ['2021-12-24', 1, '2021-12-29', 'over Christmas 2021 and its substitutes'],
    ['2022-12-23', 1, '2022-12-28', 'over Christmas 2022 and its substitutes'],
    ['2022-06-01', 1, '2022-06-06', 'over the Platinum Jubilee'],
    ['2025-12-31', 1, '2026-01-02', "over New Year's Day"],
    ['2024-02-28', 1, '2024-02-29', 'to a leap day'],
    ['2024-02-29', 1, '2024-03-01', 'from a leap day'],
    ['2024-01-02', 45, '2024-03-05', '45 working days with no holiday between'],
    ['2026-01-10', 0, '2026-01-10', 'day 0 is the date itself, even a Saturday'],
    ['2026-01-10', 1, '2026-01-12', 'counting from a Saturday'],
    ['2026-01-11', 2, '2026-01-13', 'counting from a Sunday'],
    ['2025-08-25', 1, '2025-08-26', 'counting from a bank holiday'],
    ['2026-01-12', -1, '2026-01-09', 'back from a Monday'],
    ['2026-01-10', -1, '2026-01-09', 'back from a Saturday'],
    ['2026-01-02', -1, '2025-12-31', "back over New Year's Day"],
  ])('%s + %i working days is %s (%s)', (date, days, expected) => {
    expect(addWorkingDays(date, days)).toBe(expected);
  });

  it('is the inverse of workingDaysBetween from a working day', () => {
    fc.assert(fc.property(dayIn('1990-01-01', '2098-12-31').filter(isWorkingDay), fc.integer({ min: 0, max: 400 }), (date, n) => {
      expect(workingDaysBetween(date, addWorkingDays(date, n))).toBe(n);
      expect(isWorkingDay(addWorkingDays(date, n))).toBe(true);
    }));
    fc.assert(fc.property(dayIn('1992-01-01', '2100-12-31').filter(isWorkingDay), fc.integer({ min: -400, max: 0 }), (date, n) => {
      expect(workingDaysBetween(date, addWorkingDays(date, n))).toBe(n);
    }));
  });
});

describe('working days between two dates', () => {
  it.each([
    ['2026-01-12', '2026-01-12', 0],
    ['2026-01-09', '2026-01-12', 1],
    ['2026-01-09', '2026-01-10', 0],
    ['2026-01-10', '2026-01-12', 1],
    ['2025-08-22', '2025-08-26', 1],
    ['2025-08-22', '2025-08-25', 0],
    ['2025-08-26', '2025-08-22', -1],
    ['2025-12-31', '2026-01-02', 1],
    ['2021-12-24', '2021-12-29', 1],
  ])('from %s to %s is %i', (from, to, expected) => {
    expect(workingDaysBetween(from, to)).toBe(expected);
  });

  it('agrees with counting day by day', () => {
    fc.assert(fc.property(dayIn('1992-01-01', '2098-01-01'), fc.integer({ min: -500, max: 500 }), (from, span) => {
      const to = addCalendarDays(from, span);
      let count = 0;
      for (let day = addCalendarDays(from, 1); calendarDaysBetween(day, to) >= 0; day = addCalendarDays(day, 1)) count += isWorkingDay(day) ? 1 : 0;
      for (let day = addCalendarDays(to, 1); calendarDaysBetween(day, from) >= 0; day = addCalendarDays(day, 1)) count -= isWorkingDay(day) ? 1 : 0;
      expect(workingDaysBetween(from, to)).toBe(count);
    }), { numRuns: 200 });
  });
});

describe('calendar days and months', () => {
  it('adds and counts calendar days across month, leap day and year ends', () => {
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addCalendarDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addCalendarDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(calendarDaysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(calendarDaysBetween('2025-01-01', '2024-01-01')).toBe(-366);
  });

  it('agrees with Date for any day from 1900 to 2200', () => {
    fc.assert(fc.property(fc.integer({ min: -25567, max: 84005 }), (offset) => {
      expect(addCalendarDays('1970-01-01', offset)).toBe(new Date(offset * 86_400_000).toISOString().slice(0, 10));
    }));
  });

  it.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2024-08-31', 3, '2024-11-30'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-05-15', 6, '2024-11-15'],
    ['2024-12-15', 1, '2025-01-15'],
    ['2025-01-15', -1, '2024-12-15'],
  ])('%s + %i months is %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});

describe('recording lag in working days', () => {
  it('counts from the London date of the event to the London date it was recorded', () => {
    expect(recordingLagWorkingDays('2026-01-09', new Date('2026-01-12T09:00:00Z'))).toBe(1);
    expect(recordingLagWorkingDays('2025-08-22T14:00:00Z', new Date('2025-08-26T08:00:00Z'))).toBe(1);
    expect(recordingLagWorkingDays('2026-06-30T23:30:00Z', new Date('2026-07-01T10:00:00Z'))).toBe(0);
    expect(recordingLagWorkingDays('2026-07-01', new Date('2026-07-01T23:30:00Z'))).toBe(1);
    expect(recordingLagWorkingDays('2026-01-12T09:30:00+01:00', new Date('2026-01-13T09:00:00Z'))).toBe(1);
  });

  it('is never negative', () => {
    expect(recordingLagWorkingDays('2026-01-13', new Date('2026-01-12T09:00:00Z'))).toBe(0);
  });

  it.each(['2026-02-30T10:00:00Z', '2026-01-12T25:00:00Z', '2026-01-12T09:30:00', '2026-01-12 09:30:00Z', 'yesterday'])(
    'refuses the occurredAt %j',
    (occurredAt) => {
      expect(() => recordingLagWorkingDays(occurredAt, new Date('2026-01-13T09:00:00Z'))).toThrow(RangeError);
    },
  );

  it('refuses an invalid recordedAt', () => {
    expect(() => recordingLagWorkingDays('2026-01-12', new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('malformed and unsupported input', () => {
  it.each(['', '2026-1-05', '2026-13-01', '2026-00-10', '2026-02-29', '2100-02-29', '2026-01-32', ' 2026-01-05', '2026-01-05T00:00:00Z', '05/01/2026'])(
    'refuses the date %j',
    (date) => {
      expect(() => isWorkingDay(date)).toThrow(RangeError);
      expect(() => addCalendarDays(date, 1)).toThrow(RangeError);
      expect(() => addMonths(date, 1)).toThrow(RangeError);
      expect(() => workingDaysBetween('2026-01-05', date)).toThrow(RangeError);
    },
  );

  it('accepts leap days of leap years only', () => {
    expect(isWorkingDay('2000-02-29')).toBe(true);
    expect(isWorkingDay('2024-02-29')).toBe(true);
  });

  it('refuses working-day questions outside 1990-2100 and fractional counts', () => {
    expect(() => isBankHoliday('1989-12-25')).toThrow(RangeError);
    expect(() => isWorkingDay('2101-01-03')).toThrow(RangeError);
    expect(() => addWorkingDays('2100-12-31', 1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-01-05', 1.5)).toThrow(RangeError);
    expect(() => addMonths('2026-01-05', Number.NaN)).toThrow(RangeError);
    expect(isWorkingDay('1990-01-02')).toBe(true);
    expect(isBankHoliday('2100-12-27')).toBe(true);
  });
});
