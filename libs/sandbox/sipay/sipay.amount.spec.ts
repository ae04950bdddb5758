import { majorToMinor, minorToMajor, minorToMajorShortest } from './sipay.amount';

describe('Sipay amounts', () => {
  it.each([
    ['2500.00', 250000n],
    ['2500', 250000n],
    ['720.0000', 72000n],
    ['0.01', 1n],
    ['25.5', 2550n],
    ['2.5e3', 250000n],
    ['1500.13', 150013n],
    ['92233720368547758.07', 9223372036854775807n],
  ])('reads %s major units as %s minor units exactly', (text, minor) => {
    expect(majorToMinor(text)).toEqual({ ok: true, minor });
  });

  it.each(['0.001', '2500.005', '1e-3'])('refuses %s: more than 2 significant decimals', (text) => {
    expect(majorToMinor(text)).toEqual({ ok: false, reason: 'amount has more than 2 decimals' });
  });

  it.each(['0', '0.00', '-5'])('refuses %s: not positive', (text) => {
    expect(majorToMinor(text).ok).toBe(false);
  });

  it('writes minor units back as major units without floats', () => {
    expect(minorToMajor(250000n)).toBe('2500.00');
    expect(minorToMajor(72000n, 4)).toBe('720.0000');
    expect(minorToMajor(9223372036854775807n)).toBe('92233720368547758.07');
    expect(minorToMajorShortest(5000n)).toBe('50');
    expect(minorToMajorShortest(2550n)).toBe('25.5');
    expect(minorToMajorShortest(150013n)).toBe('1500.13');
  });
});
