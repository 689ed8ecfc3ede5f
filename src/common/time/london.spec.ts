import { describe, expect, it } from '@jest/globals';
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
});
