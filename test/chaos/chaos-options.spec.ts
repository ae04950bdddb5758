import { parseEftWindow } from '@libs/rails/domain';
import {
  aboveCapAmountOf,
  amountOf,
  amountsCollide,
  batchSharesAmounts,
  CHAOS_FAST_MAX_AMOUNT,
  chaosEftPlan,
  EFT_CLOSED_FOR_MS,
} from './chaos-options';

describe('the chaos run’s rails (test/chaos/README.md "The rail hold")', () => {
  it('opens EFT at the first whole minute at least 90 s after the start, Istanbul time, until midnight', () => {
    const start = new Date('2026-12-05T23:55:20.000Z'); // 02:55:20 in Istanbul
    const plan = chaosEftPlan(start);
    expect(plan).toEqual({
      eftWindow: 'Mon-Sun 02:57-24:00 Europe/Istanbul',
      opensAt: new Date('2026-12-05T23:57:00.000Z'),
    });
    expect(plan.opensAt!.getTime() - start.getTime()).toBeGreaterThanOrEqual(EFT_CLOSED_FOR_MS);
    expect(() => parseEftWindow(plan.eftWindow)).not.toThrow();
  });

  it('keeps EFT open all day when the opening would come after 22:00 Istanbul or on an official holiday', () => {
    const open = { eftWindow: 'Mon-Sun 00:00-24:00 Europe/Istanbul' };
    expect(chaosEftPlan(new Date('2026-12-05T19:00:00.000Z'))).toEqual(open); // 22:00 + 90 s
    expect(chaosEftPlan(new Date('2026-10-29T09:00:00.000Z'))).toEqual(open); // Republic Day
    expect(chaosEftPlan(new Date('2026-12-05T18:58:00.000Z')).opensAt).toEqual(new Date('2026-12-05T19:00:00.000Z')); // 22:00 itself
  });

  it('puts the above-cap amounts above the cap and below Sipay’s ceiling, apart from every other amount', () => {
    expect(aboveCapAmountOf(1, 0)).toBeGreaterThan(CHAOS_FAST_MAX_AMOUNT);
    expect(aboveCapAmountOf(4_800, 999)).toBeLessThan(10_000_000n);
    expect(amountOf(5_001, 0)).toBe(aboveCapAmountOf(1, 0));
    expect(amountsCollide([1, 4_999])).toBe(false);
    expect(amountsCollide([1, 5_001])).toBe(true);
    expect(batchSharesAmounts([4_890], 200, 1_000)).toBe(true); // its above-cap amounts reach 9,990,000
    expect(batchSharesAmounts([50], 200, 1_000)).toBe(false);
  });
});
