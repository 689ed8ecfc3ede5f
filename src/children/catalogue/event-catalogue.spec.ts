import { describe, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE } from './event-catalogue';
import { validateEventData } from './validate-event-data';

const definitions = [...EVENT_CATALOGUE.values()];

describe('the event catalogue', () => {
  it('defines every event type of the domain (RecordAccessed and RecordExported live in the access log)', () => {
    expect(definitions).toHaveLength(47);
    expect(definitions.every((definition) => definition.example !== undefined)).toBe(true);
    expect(definitions.filter((definition) => definition.intake === 'import').map((definition) => definition.type)).toEqual(['HistoricalNoteImported']);
  });

  it.each(definitions.map((definition) => [definition.type, definition] as const))('given the %s example, then it is valid and stored as sent', (_type, definition) => {
    expect(validateEventData(definition, definition.example)).toEqual({ data: definition.example });
  });

  it.each(definitions.map((definition) => [definition.type, definition] as const))('given %s data with an unknown field, then it is refused naming that field', (_type, definition) => {
    const result = validateEventData(definition, { ...definition.example, unexpected: 'x' });
    expect(result).toEqual({ problems: [{ field: 'data.unexpected', reason: 'data.unexpected is not a known field' }] });
  });

  it.each(definitions.map((definition) => [definition.type, definition] as const))('given %s data with a number where its first field belongs, then that field is named', (_type, definition) => {
    const [first] = Object.keys(definition.example);
    const result = validateEventData(definition, { ...definition.example, [first]: 42 });
    expect(result).toMatchObject({ problems: expect.arrayContaining([expect.objectContaining({ field: `data.${first}` })]) });
  });
});

describe('validating event data', () => {
  const concern = EVENT_CATALOGUE.get('ConcernRaised')!;
  const conference = EVENT_CATALOGUE.get('ConferenceHeld')!;

  it.each([
    ['a category outside the vocabulary', { categories: ['bad-parenting'] }, 'data.categories'],
    ['no category', { categories: [] }, 'data.categories'],
    ['a missing required field', { description: undefined }, 'data.description'],
    ['an empty description', { description: '' }, 'data.description'],
    ['a description of 20,001 characters', { description: 'x'.repeat(20_001) }, 'data.description'],
  ])('refuses a concern with %s', (_what, change, field) => {
    const data = JSON.parse(JSON.stringify({ ...concern.example, ...change }));
    expect(validateEventData(concern, data)).toMatchObject({ problems: expect.arrayContaining([expect.objectContaining({ field })]) });
  });

  it('names the field inside a list of nested objects', () => {
    const example = conference.example as { attending: Array<Record<string, unknown>> };
    const data = { ...conference.example, attending: [example.attending[0], { ...example.attending[1], agencyKind: 'army' }] };
    expect(validateEventData(conference, data)).toMatchObject({ problems: [expect.objectContaining({ field: 'data.attending.1.agencyKind' })] });
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses a %s key anywhere in the data', (key) => {
    const data = JSON.parse(`{"categories":["neglect"],"description":"d","immediateAction":"a","referred":false,"nested":{"${key}":{"polluted":true}}}`);
    expect(validateEventData(concern, data)).toMatchObject({ problems: [{ field: expect.stringContaining(key) }] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([null, [], 'text', 7])('refuses data that is not an object: %p', (data) => {
    expect(validateEventData(concern, data)).toEqual({ problems: [{ field: 'data', reason: 'data must be an object' }] });
  });

  it('refuses a NHS number whose check digit is wrong and a date that does not exist', () => {
    const registered = EVENT_CATALOGUE.get('ChildRegistered')!;
    const result = validateEventData(registered, { nhsNumber: '9434765918', dateOfBirth: '2023-02-29' });
    expect(result).toMatchObject({ problems: [expect.objectContaining({ field: 'data.nhsNumber' }), expect.objectContaining({ field: 'data.dateOfBirth' })] });
  });
});
