import { describe, expect, it } from '@jest/globals';
import { parseOccurredAt } from './occurred-at';

const now = new Date('2026-06-15T12:00:00.000Z'); // 13:00 in London (BST)

describe('occurredAt', () => {
  it.each([
    ['2026-01-12', { occurredAt: '2026-01-12', precision: 'date' }],
    ['2026-06-15', { occurredAt: '2026-06-15', precision: 'date' }],
    ['2026-01-12T09:30:00Z', { occurredAt: '2026-01-12T09:30:00.000Z', precision: 'date-time' }],
    ['2026-01-12T09:30Z', { occurredAt: '2026-01-12T09:30:00.000Z', precision: 'date-time' }],
    ['2026-06-15T13:04:00+01:00', { occurredAt: '2026-06-15T12:04:00.000Z', precision: 'date-time' }],
    ['2026-01-12T09:30:00.123456Z', { occurredAt: '2026-01-12T09:30:00.123Z', precision: 'date-time' }],
  ])('accepts %s', (value, expected) => {
    expect(parseOccurredAt(value, now)).toEqual(expected);
  });

  it.each([
    ['2026-06-16', 'in the future'],
    ['2026-06-15T12:06:00Z', 'more than 5 minutes in the future'],
    ['2026-02-30', 'must be a date'],
    ['2026-02-30T10:00:00Z', 'not a real date-time'],
    ['2026-01-12T09:30:00', 'must be a date'],
    ['12/01/2026', 'must be a date'],
    ['', 'must be a date'],
    ['1850-01-01T00:00:00Z', 'not a real date-time'],
    ['2026-01-12T24:00:00Z', 'must be a date'],
    ['0001-01-01', 'before 1900'],
  ])('refuses %s', (value, problem) => {
    expect(parseOccurredAt(value, now)).toEqual({ problem: expect.stringContaining(problem) });
  });

  it('refuses what is not a string', () => {
    expect(parseOccurredAt(20260112, now)).toEqual({ problem: expect.any(String) });
  });
});
