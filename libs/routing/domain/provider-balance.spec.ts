import fc from 'fast-check';
import { providerState, routingRequest } from '@test/support/routing/routing.test-data';
import { chooseProvider } from './choose-provider';
import { balanceShortfall, isBalanceShortfall, isLowBalance } from './provider-balance';
import { ineligibility } from './provider-eligibility';

const amounts = fc.bigInt({ min: 1n, max: 10n ** 15n });

describe('the balance rule', () => {
  it('excludes exactly when a known balance in the payout currency is below the amount', () => {
    fc.assert(
      fc.property(amounts, amounts, fc.constantFrom('TRY', 'EUR'), (balance, amount, currency) => {
        const reason = balanceShortfall({ amount: balance, currency }, { amount, currency: 'TRY' });
        expect(reason !== undefined).toBe(currency === 'TRY' && balance < amount);
        if (reason !== undefined) expect(isBalanceShortfall(reason)).toBe(true);
      }),
    );
  });

  it('never excludes an unknown balance (unknown is not zero)', () => {
    fc.assert(fc.property(amounts, (amount) => balanceShortfall(undefined, { amount, currency: 'TRY' }) === undefined));
  });

  it('is checked last: a provider excluded for its balance passes every other check', () => {
    const poor = { amount: 1n, currency: 'TRY' };
    expect(ineligibility(providerState('a', { enabled: false, balance: poor }), routingRequest(), [])).toBe('disabled');
    expect(ineligibility(providerState('a', { balance: poor }), routingRequest(), [])).toMatch(
      /^insufficient_balance:/,
    );
  });

  it('routes around the provider that cannot cover the payout and says why', () => {
    const decision = chooseProvider({
      request: routingRequest({ amount: 250_000n }),
      rules: [],
      providers: [
        providerState('alpha', { balance: { amount: 249_999n, currency: 'TRY' } }),
        providerState('beta', { balance: { amount: 250_000n, currency: 'TRY' } }),
      ],
    });
    expect(decision.provider).toBe('beta');
    expect(decision.providers[0]).toEqual({
      provider: 'alpha',
      eligible: false,
      reason: 'insufficient_balance: known balance 249999 TRY is below the amount',
    });
  });

  it('a low balance is one under a set threshold', () => {
    expect(isLowBalance({ amount: 99n, currency: 'TRY' }, 100n)).toBe(true);
    expect(isLowBalance({ amount: 100n, currency: 'TRY' }, 100n)).toBe(false);
    expect(isLowBalance({ amount: 1n, currency: 'TRY' }, null)).toBe(false);
    expect(isLowBalance(undefined, 100n)).toBe(false);
  });
});
