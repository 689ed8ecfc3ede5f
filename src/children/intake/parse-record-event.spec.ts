import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { EVENT_CATALOGUE } from '../catalogue/event-catalogue';
import { parseRecordEvent } from './parse-record-event';

const now = new Date('2026-06-15T12:00:00.000Z');
const concern = (overrides: Record<string, unknown> = {}) => ({
  eventId: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b',
  type: 'ConcernRaised',
  occurredAt: '2026-06-14T08:45:00+01:00',
  data: EVENT_CATALOGUE.get('ConcernRaised')!.example,
  ...overrides,
});

describe('parsing one posted event', () => {
  it('given a valid event, then it comes out normalised with defaults', () => {
    expect(parseRecordEvent(concern({ author: { id: 'dsl-1', role: 'DSL' }, source: { system: 'school-mis', ref: 'INC-9' } }), now)).toEqual({
      event: {
        eventId: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b', type: 'ConcernRaised', schemaVersion: 1,
        occurredAt: '2026-06-14T07:45:00.000Z', occurredAtPrecision: 'date-time', data: EVENT_CATALOGUE.get('ConcernRaised')!.example,
        expectedRevision: undefined, author: { id: 'dsl-1', role: 'DSL' }, source: { system: 'school-mis', ref: 'INC-9' },
        sensitivity: 'normal', causationId: undefined,
      },
    });
  });

  it.each([
    ['an unknown envelope field', { agencyId: 'police-1' }, 'agencyId'],
    ['an event id that is not a UUID', { eventId: 'abc' }, 'eventId'],
    ['an unknown type', { type: 'ConcernWhispered' }, 'type'],
    ['a type written by the service on registration', { type: 'ChildRegistered' }, 'type'],
    ['an import-only type', { type: 'HistoricalNoteImported' }, 'type'],
    ['a time tomorrow', { occurredAt: '2026-06-16' }, 'occurredAt'],
    ['a negative expected revision', { expectedRevision: -1 }, 'expectedRevision'],
    ['an expected revision word not in the list', { expectedRevision: 'latest' }, 'expectedRevision'],
    ['a sensitivity not in the list', { sensitivity: 'secret' }, 'sensitivity'],
    ['an author without an id', { author: { role: 'DSL' } }, 'author.id'],
    ['data of the wrong shape', { data: { categories: ['neglect'] } }, 'data.description'],
    // class-transformer skips members every object inherits, so class-validator alone never saw these.
    ['a data field named after an inherited member', { data: { ...EVENT_CATALOGUE.get('ConcernRaised')!.example, toString: 'x' } }, 'data.toString'],
    ['an envelope field named after an inherited member', { valueOf: 1 }, 'valueOf'],
  ])('given %s, then it is refused naming %s', (_what, change, field) => {
    const result = parseRecordEvent(concern(change), now);
    expect(result).toMatchObject({ problems: expect.arrayContaining([expect.objectContaining({ field })]) });
  });

  it('names a batch member by its place', () => {
    expect(parseRecordEvent(concern({ eventId: 'x' }), now, 'live', 'events.3')).toMatchObject({ problems: [expect.objectContaining({ field: 'events.3.eventId' })] });
  });

  it('refuses 1,000 generated hostile bodies with named problems, never throwing', () => {
    const hostileValue = fc.oneof(
      fc.string({ maxLength: 50 }),
      fc.string({ minLength: 20_001, maxLength: 20_050 }),
      fc.integer(),
      fc.double(),
      fc.constant(null),
      fc.constantFrom('__proto__', 'constructor', '2026-02-30', '9434765918', '\u0000', '\uD800', "'; DROP TABLE ledger_events; --"),
      fc.array(fc.anything(), { maxLength: 5 }),
      fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'a', 'categories'), fc.anything(), { maxKeys: 3 }),
    );
    const field = fc.constantFrom('eventId', 'type', 'occurredAt', 'data', 'expectedRevision', 'author', 'source', 'sensitivity', 'causationId', 'extra');
    fc.assert(
      fc.property(fc.dictionary(field, hostileValue, { minKeys: 1, maxKeys: 4 }), (changes) => {
        const result = parseRecordEvent(concern(changes), now);
        if ('event' in result) {
          // Only a change that happens to be valid may pass, and then it passed every check.
          expect(EVENT_CATALOGUE.get(result.event.type)?.intake).toBe('live');
          return;
        }
        expect(result.problems.length).toBeGreaterThan(0);
        for (const problem of result.problems) expect(problem).toEqual({ field: expect.any(String), reason: expect.any(String) });
      }),
      { numRuns: 1000 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
