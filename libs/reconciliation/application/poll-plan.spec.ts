import type { ProviderCapabilities } from '@libs/providers/contract';
import { planNextCheck } from './poll-plan';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const SINCE = new Date('2026-05-26T10:00:00.000Z');
const after = (ms: number) => new Date(SINCE.getTime() + ms);
const CAPABILITIES: ProviderCapabilities = {
  currencies: ['TRY'],
  ibanCountries: ['TR'],
  minAmount: 1n,
  maxAmount: 1_000_000_000n,
  requiresNationalId: false,
  rails: { fast: { maxAmount: 10_000_000n }, eft: true },
  processingPollSchedule: { stepsMs: [15 * MINUTE], thenEveryMs: HOUR },
  confirmsWebhooksByLookup: false,
};
const plan = (status: Parameters<typeof planNextCheck>[0]['status'], now: Date, afterCheck: boolean, timeScale = 1) =>
  planNextCheck({
    status,
    capabilities: CAPABILITIES,
    since: SINCE,
    afterCheck,
    now,
    timeScale,
    lookAgainMs: 6 * HOUR,
  });

describe('planNextCheck', () => {
  it("uses the provider's processing schedule", () => {
    expect(plan('processing', SINCE, false)).toEqual({ at: after(15 * MINUTE), exhausted: false });
    expect(plan('processing', after(15 * MINUTE), true)).toEqual({ at: after(75 * MINUTE), exhausted: false });
  });

  it('runs the submitting schedule out into needs_attention, with a slow look again (never a failure)', () => {
    expect(plan('submitting', after(21 * MINUTE + 30_000), true)).toEqual({
      at: after(21 * MINUTE + 30_000 + 6 * HOUR),
      exhausted: true,
    });
  });

  it('runs the manual-review schedule out after 72 h', () => {
    expect(plan('manual_review', after(71 * HOUR + 55 * MINUTE), true)).toEqual({
      at: after(72 * HOUR),
      exhausted: false,
    });
    expect(plan('manual_review', after(72 * HOUR), true)?.exhausted).toBe(true);
  });

  it('scales everything with POLL_TIME_SCALE', () => {
    expect(plan('processing', SINCE, false, 0.001)).toEqual({ at: after(900), exhausted: false });
    expect(plan('submitting', after(HOUR), true, 0.001)).toEqual({ at: after(HOUR + 21_600), exhausted: true });
  });

  it('gives a failed-over payout back to dispatch soon, and terminal ones no check', () => {
    expect(plan('pending', SINCE, false)).toEqual({ at: after(30_000), exhausted: false });
    expect(plan('succeeded', SINCE, false)).toBeUndefined();
    expect(plan('failed', SINCE, false)).toBeUndefined();
  });
});
