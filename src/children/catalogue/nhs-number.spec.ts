import { describe, expect, it } from '@jest/globals';
import { isValidNhsNumber } from './nhs-number';

describe('NHS number check digit', () => {
  it.each(['9434765919', '4010232137', '9999999999', '1234567881'])('accepts %s', (value) => {
    expect(isValidNhsNumber(value)).toBe(true);
  });

  it.each([
    ['9434765918', 'wrong check digit'],
    ['123456789', 'nine digits'],
    ['94347659190', 'eleven digits'],
    ['943 476 5919', 'spaces'],
    ['1234567890', 'check digit would be 10'],
    ['abcdefghij', 'not digits'],
  ])('refuses %s (%s)', (value) => {
    expect(isValidNhsNumber(value)).toBe(false);
  });

  it('refuses what is not a string', () => {
    expect(isValidNhsNumber(9434765919)).toBe(false);
  });
});
