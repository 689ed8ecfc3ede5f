import { describe, expect, it } from '@jest/globals';
import { withoutUndefined } from './without-undefined';

describe('withoutUndefined', () => {
  it('given members that are undefined, null, false or zero, then only the undefined ones are left out and the order of the rest is kept', () => {
    const result = withoutUndefined({ b: 1, a: undefined, d: null, c: false, e: 0, f: undefined, g: { h: undefined } });
    expect(Object.keys(result)).toEqual(['b', 'd', 'c', 'e', 'g']);
    expect(result).toEqual({ b: 1, d: null, c: false, e: 0, g: { h: undefined } });
  });
});
