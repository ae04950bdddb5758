import { percentile, ratio } from './load';

describe('percentile (nearest rank, of an ascending list)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('p50 and p99 of 1..100 are 50 and 99', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
  });

  it('p100 is the largest, p0 the smallest', () => {
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile(hundred, 0)).toBe(1);
  });

  it('rounds the rank up: p99 of ten values is the tenth', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99)).toBe(10);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
  });

  it('has no value for an empty list', () => {
    expect(percentile([], 50)).toBeNaN();
  });

  it('ratio rounds to two decimals', () => {
    expect(ratio(61.4, 2883.4)).toBe(0.02);
    expect(ratio(1, 3)).toBe(0.33);
  });
});
