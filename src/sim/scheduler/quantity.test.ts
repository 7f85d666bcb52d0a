import { describe, expect, it } from 'vitest';
import { intValue, milliValue, parseQuantity } from './quantity.ts';

describe('quantities', () => {
  it('parses CPU, memory and exponent forms', () => {
    expect(milliValue('100m')).toBe(100);
    expect(milliValue('0.5')).toBe(500);
    expect(milliValue('2')).toBe(2000);
    expect(intValue('128Mi')).toBe(128 * 2 ** 20);
    expect(intValue('1G')).toBe(1e9);
    expect(parseQuantity('2e3')).toBe(2000);
    expect(Number.isNaN(parseQuantity('abc'))).toBe(true);
  });
});
