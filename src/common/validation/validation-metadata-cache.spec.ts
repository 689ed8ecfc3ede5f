import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { EVENT_CATALOGUE } from '../../children/catalogue/event-catalogue';
import { parseRecordEvent } from '../../children/intake/parse-record-event';
import { rememberValidationRules } from './validation-metadata-cache';

const now = new Date('2026-06-15T12:00:00.000Z');
const liveTypes = [...EVENT_CATALOGUE.values()].filter((definition) => definition.intake === 'live');

/** Events of every live type, valid or spoiled in one field of the envelope or of the data (nested fields included). */
const bodies = fc.record({
  definition: fc.constantFrom(...liveTypes),
  spoil: fc.constantFrom('nothing', 'eventId', 'author', 'source', 'extra', 'data field', 'data extra', 'data nested'),
}).map(({ definition, spoil }) => {
  const data: Record<string, unknown> = { ...definition.example };
  const firstKey = Object.keys(data)[0];
  const firstArray = Object.keys(data).find((key) => Array.isArray(data[key]) && typeof (data[key] as unknown[])[0] === 'object');
  if (spoil === 'data field' && firstKey) data[firstKey] = 12;
  if (spoil === 'data extra') data.notAField = 'x';
  if (spoil === 'data nested' && firstArray) data[firstArray] = [{ ...(data[firstArray] as object[])[0], notAField: 'x' }];
  return {
    eventId: spoil === 'eventId' ? 'not-a-uuid' : '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b',
    type: definition.type,
    occurredAt: '2026-06-14',
    data,
    author: spoil === 'author' ? { role: 'DSL' } : { id: 'dsl-1', role: 'DSL' },
    ...(spoil === 'source' ? { source: { ref: 'INC-9' } } : {}),
    ...(spoil === 'extra' ? { agencyId: 'police-1' } : {}),
  };
});

describe('remembering class-validator\'s rules per class', () => {
  it('given events of every live type, valid and spoiled, then every verdict is the same with the rules remembered as without', () => {
    const samples = fc.sample(bodies, { numRuns: 400, seed: 7 });
    const without = samples.map((body) => parseRecordEvent(structuredClone(body), now));
    expect(without.filter((verdict) => 'problems' in verdict).length).toBeGreaterThan(100);
    expect(without.filter((verdict) => 'event' in verdict).length).toBeGreaterThan(20);

    rememberValidationRules();
    rememberValidationRules(); // installing twice changes nothing
    const remembered = samples.map((body) => parseRecordEvent(structuredClone(body), now));
    const again = samples.map((body) => parseRecordEvent(structuredClone(body), now)); // from the remembered answers
    expect(remembered).toEqual(without);
    expect(again).toEqual(without);
  });
});
