import { pickWeighted } from './weighted-choice';

describe('pickWeighted', () => {
  const targets = [
    { provider: 'alpha', weight: 70 },
    { provider: 'beta', weight: 30 },
  ];

  it('picks the same target for the same payout id, every time', () => {
    const first = pickWeighted(targets, 'payout-42');
    for (let i = 0; i < 20; i++) expect(pickWeighted(targets, 'payout-42')).toBe(first);
  });

  it('splits 70/30 within 5 points over 2,000 distinct payout ids', () => {
    let alpha = 0;
    for (let i = 0; i < 2_000; i++) if (pickWeighted(targets, `payout-${i}`)?.provider === 'alpha') alpha += 1;
    expect(alpha / 2_000).toBeGreaterThanOrEqual(0.65);
    expect(alpha / 2_000).toBeLessThanOrEqual(0.75);
  });

  it('splits three ways by weight', () => {
    const three = [
      { provider: 'alpha', weight: 1 },
      { provider: 'beta', weight: 2 },
      { provider: 'gamma', weight: 1 },
    ];
    const counts: Record<string, number> = { alpha: 0, beta: 0, gamma: 0 };
    for (let i = 0; i < 2_000; i++) counts[pickWeighted(three, `id-${i}`)!.provider] += 1;
    expect(counts.alpha / 2_000).toBeCloseTo(0.25, 1);
    expect(counts.beta / 2_000).toBeCloseTo(0.5, 1);
    expect(counts.gamma / 2_000).toBeCloseTo(0.25, 1);
  });

  it('always picks a single target and nothing from an empty list', () => {
    expect(pickWeighted([{ provider: 'alpha', weight: 5 }], 'x')?.provider).toBe('alpha');
    expect(pickWeighted([], 'x')).toBeUndefined();
  });
});
