import fc from 'fast-check';
import { minorToSipayAmount, sipayAmountToMinorOrThrow } from './sipay.amount';

describe('Sipay amounts', () => {
  it.each([
    [250000n, '2500.00'],
    [5n, '0.05'],
    [100n, '1.00'],
    [9223372036854775807n, '92233720368547758.07'],
  ])('writes %p minor units as %p', (minor, major) => {
    expect(minorToSipayAmount(minor)).toBe(major);
  });

  it.each([
    ['2500.00', 250000n],
    ['720.0000', 72000n],
    ['50', 5000n],
    ['0.5', 50n],
    ['1.10', 110n],
    ['92233720368547758.07', 9223372036854775807n],
  ])('reads %p as %p minor units', (major, minor) => {
    expect(sipayAmountToMinorOrThrow(major)).toBe(minor);
  });

  it.each(['1.005', '0.001', '-1.00', '1e3', '01.00', '', '1.', 'abc'])('refuses %p', (text) => {
    expect(() => sipayAmountToMinorOrThrow(text)).toThrow();
  });

  it('refuses to write zero or negative amounts', () => {
    expect(() => minorToSipayAmount(0n)).toThrow();
    expect(() => minorToSipayAmount(-1n)).toThrow();
  });

  it('round-trips every amount exactly, including beyond 2^53', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 9223372036854775807n }), (minor) => {
        expect(sipayAmountToMinorOrThrow(minorToSipayAmount(minor))).toBe(minor);
      }),
    );
  });

  it('ignores trailing zeros however many there are', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 15n }), fc.nat({ max: 6 }), (minor, zeros) => {
        expect(sipayAmountToMinorOrThrow(minorToSipayAmount(minor) + '0'.repeat(zeros))).toBe(minor);
      }),
    );
  });
});
