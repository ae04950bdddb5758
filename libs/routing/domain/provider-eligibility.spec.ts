import { assessProviders, ineligibility } from './provider-eligibility';
import { providerState, routingRequest } from '@test/support/routing/routing.test-data';

describe('ineligibility', () => {
  const request = routingRequest();

  it('finds nothing wrong with an enabled, healthy provider', () => {
    expect(ineligibility(providerState('alpha'), request, [])).toBeUndefined();
  });

  it.each([
    ['disabled', { enabled: false }, /disabled/],
    ['draining', { draining: true }, /draining/],
    ['circuit open', { isCircuitOpen: true }, /circuit open/],
    ['amount below min', { minAmount: 250_001n }, /below its minimum 250001/],
    ['amount above max', { maxAmount: 249_999n }, /above its maximum 249999/],
    ['daily limit exceeded', { dailyLimit: 1_000_000n, dailyUsed: 750_001n }, /daily limit 1000000/],
    [
      'currency',
      { capabilities: { currencies: ['EUR'], ibanCountries: ['TR'], requiresNationalId: false } },
      /does not support TRY/,
    ],
    ['country', { capabilities: { currencies: ['TRY'], ibanCountries: ['DE'], requiresNationalId: false } }, /of TR/],
  ])('refuses a provider that is %s', (_label, overrides, reason) => {
    expect(ineligibility(providerState('alpha', overrides), request, [])).toMatch(reason);
  });

  it('accepts the bounds themselves: min, max and used + amount equal to the daily limit', () => {
    const state = providerState('alpha', {
      minAmount: 250_000n,
      maxAmount: 250_000n,
      dailyLimit: 1_000_000n,
      dailyUsed: 750_000n,
    });
    expect(ineligibility(state, request, [])).toBeUndefined();
  });

  it('refuses a provider that needs a national id when the beneficiary has none', () => {
    const state = providerState('alpha', {
      capabilities: { currencies: ['TRY'], ibanCountries: ['TR'], requiresNationalId: true },
    });
    expect(ineligibility(state, request, [])).toBeUndefined();
    const withoutId = routingRequest({ beneficiary: { bankCode: '00100', country: 'TR' } });
    expect(ineligibility(state, withoutId, [])).toBe('requires beneficiary.nationalId');
  });

  it('refuses a provider already tried for this payout before anything else', () => {
    expect(ineligibility(providerState('alpha', { enabled: false }), request, ['alpha'])).toBe(
      'already tried for this payout',
    );
  });
});

describe('assessProviders', () => {
  it('gives every provider a verdict and a reason, in the given order', () => {
    const verdicts = assessProviders(
      [providerState('beta', { draining: true }), providerState('alpha')],
      routingRequest(),
      [],
    );
    expect(verdicts).toEqual([
      { provider: 'beta', eligible: false, reason: 'draining: takes no new payouts' },
      { provider: 'alpha', eligible: true, reason: 'eligible' },
    ]);
  });
});
