import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { correctedData } from './chronology-fold';

/** The rule for a corrected value (API.md): JSON text is read as JSON; anything else is kept as the text it is. */
function asDefined(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

describe('correctedData', () => {
  it('given JSON and plain-text values, then JSON is read as JSON and the rest kept as text, with what each field was before', () => {
    const original = { description: 'Arrived hungry.', count: 1, nested: { flag: false } };
    const { data, changes } = correctedData(original, [
      { path: 'description', value: '"Arrived hungry twice."' }, { path: 'count', value: ' 2 ' }, { path: 'nested.flag', value: 'true' },
      { path: 'note', value: 'no answer at the door' }, { path: 'other', value: 'nullish' }, { path: 'address', value: '12 Mill Lane' },
    ]);
    expect(data).toEqual({ description: 'Arrived hungry twice.', count: 2, nested: { flag: true }, note: 'no answer at the door', other: 'nullish', address: '12 Mill Lane' });
    expect(changes.map((change) => change.previousValue)).toEqual(['Arrived hungry.', 1, false, null, null, null]);
    expect(original.description).toBe('Arrived hungry.'); // a copy: the stored event is untouched
  });

  it('given any text, then the value applied is what reading it as JSON, or else keeping it, gives', () => {
    const texts = fc.oneof(fc.string(), fc.json(), fc.constantFrom('true', 'false', 'null', ' null\n', 'nul', 'truex', '-', '-1', '1e5', '\u00a0"x"', '\t[1]'));
    fc.assert(fc.property(texts, (value) => {
      expect(correctedData({}, [{ path: 'field', value }]).data.field).toEqual(asDefined(value));
    }), { numRuns: 2000 });
  });
});
