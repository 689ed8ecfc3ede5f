/**
 * An NHS number is 10 digits whose last is a modulus-11 check digit: weights 10..2 on the first nine
 * digits, check = 11 - (sum mod 11), where 11 means 0 and 10 means the number is invalid.
 */
export function isValidNhsNumber(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{10}$/.test(value)) return false;
  const digits = [...value].map(Number);
  const sum = digits.slice(0, 9).reduce((total, digit, index) => total + digit * (10 - index), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === digits[9];
}
