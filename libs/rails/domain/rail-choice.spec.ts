import fc from 'fast-check';
import { chooseRail } from './rail-choice';

const CAP = 10_000_000n;

describe('chooseRail', () => {
  it('takes FAST up to and including the cap, EFT above it', () => {
    const rails = { fast: { maxAmount: CAP }, eft: true };
    expect(chooseRail(1n, rails)).toBe('fast');
    expect(chooseRail(CAP, rails)).toBe('fast');
    expect(chooseRail(CAP + 1n, rails)).toBe('eft');
  });

  it('takes EFT for any amount from a provider without FAST, and nothing above the cap without EFT', () => {
    expect(chooseRail(1n, { eft: true })).toBe('eft');
    expect(chooseRail(CAP + 1n, { fast: { maxAmount: CAP }, eft: false })).toBeUndefined();
    expect(chooseRail(CAP, { fast: { maxAmount: CAP }, eft: false })).toBe('fast');
  });

  it('is FAST exactly when the amount is within the cap, for any amount and cap', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 15n }), (amount, cap) => {
        expect(chooseRail(amount, { fast: { maxAmount: cap }, eft: true })).toBe(amount <= cap ? 'fast' : 'eft');
      }),
    );
  });
});
