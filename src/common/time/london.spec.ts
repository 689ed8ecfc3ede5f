import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { londonDate, londonMidnight } from './london';

describe('Europe/London calendar dates', () => {
  it.each([
    ['2026-01-12', '2026-01-12T00:00:00.000Z'],
    ['2026-07-01', '2026-06-30T23:00:00.000Z'],
    ['2026-03-29', '2026-03-29T00:00:00.000Z'],
    ['2026-10-25', '2026-10-24T23:00:00.000Z'],
  ])('midnight of %s is %s', (date, instant) => {
    expect(londonMidnight(date).toISOString()).toBe(instant);
  });

  it('gives the London date of an instant, across midnight in summer', () => {
    expect(londonDate(new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
    expect(londonDate(new Date('2026-01-01T23:30:00Z'))).toBe('2026-01-01');
  });

  it('given any instant from 1900 to 2200, then its London date is what the time zone database says', () => {
    const byDatabase = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
    const instants = fc.oneof(
      fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }),
      // around the changes of the clocks, where a rule off by an hour would show
      fc.tuple(fc.integer({ min: 1990, max: 2100 }), fc.constantFrom(2, 9), fc.integer({ min: 24, max: 31 }), fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }))
        .map(([year, month, day, offset]) => Date.UTC(year, month, day, 1) + offset),
    );
    fc.assert(fc.property(instants, (time) => {
      expect(londonDate(new Date(time))).toBe(byDatabase.format(new Date(time)));
    }), { numRuns: 20_000 });
  });
});

