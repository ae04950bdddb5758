import { catalogAcceptance } from './catalog-acceptance';
import type { ProviderDescription } from './provider-catalog.port';

const provider = (name: string, overrides: Partial<ProviderDescription> = {}): ProviderDescription => ({
  name,
  isConfigured: true,
  usesSandbox: false,
  currencies: ['TRY'],
  ibanCountries: ['TR'],
  requiresNationalId: false,
  minAmount: 100n,
  maxAmount: 1_000_000n,
  ...overrides,
});
const payout = { amount: 5_000n, currency: 'TRY', ibanCountry: 'TR', hasNationalId: true };
const refusalsWith = (providers: ProviderDescription[], overrides: Partial<typeof payout> & { provider?: string }) =>
  catalogAcceptance({ list: () => providers }).refusals({ ...payout, ...overrides });

describe('catalogAcceptance', () => {
  it('accepts what one enabled provider can pay', () => {
    expect(refusalsWith([provider('alpha')], {})).toEqual([]);
  });

  it('names currency and beneficiary.iban when no enabled provider pays them, counting configured providers only', () => {
    const providers = [
      provider('alpha'),
      provider('beta', { isConfigured: false, currencies: ['EUR'], ibanCountries: ['DE'] }),
    ];
    expect(refusalsWith(providers, { currency: 'EUR', ibanCountry: 'DE' })).toEqual([
      { field: 'currency', message: 'no enabled provider pays EUR (enabled providers pay TRY)' },
      { field: 'beneficiary.iban', message: 'no enabled provider pays to IBANs of DE (they pay to TR)' },
    ]);
  });

  it('refuses a currency and country each paid, but never together', () => {
    const providers = [provider('alpha'), provider('beta', { currencies: ['EUR'], ibanCountries: ['DE'] })];
    expect(refusalsWith(providers, { currency: 'EUR', ibanCountry: 'TR' })).toEqual([
      { field: 'beneficiary.iban', message: 'no enabled provider pays EUR to IBANs of TR' },
    ]);
  });

  it('names amount when no enabled provider that pays the currency and country takes that amount', () => {
    const providers = [
      provider('alpha'),
      provider('beta', { maxAmount: 5_000_000n }),
      provider('gamma', { isConfigured: false, maxAmount: 9_000_000n }),
    ];
    expect(refusalsWith(providers, { amount: 5_000_000n })).toEqual([]);
    expect(refusalsWith(providers, { amount: 5_000_001n })).toEqual([
      { field: 'amount', message: 'no enabled provider pays 5000001 TRY (they pay 100 to 5000000)' },
    ]);
    expect(refusalsWith(providers, { amount: 99n })).toEqual([
      { field: 'amount', message: 'no enabled provider pays 99 TRY (they pay 100 to 5000000)' },
    ]);
  });

  it('refuses everything when no provider is enabled', () => {
    expect(refusalsWith([provider('alpha', { isConfigured: false })], {}).map((refusal) => refusal.field)).toEqual([
      'currency',
      'beneficiary.iban',
    ]);
  });

  it('refuses a pinned provider that is not enabled or cannot take the payout, and no other', () => {
    const providers = [
      provider('alpha'),
      provider('beta', { requiresNationalId: true }),
      provider('gamma', { isConfigured: false, disabledReason: 'GAMMA_KEY not set' }),
    ];
    expect(refusalsWith(providers, { provider: 'alpha' })).toEqual([]);
    expect(refusalsWith(providers, { provider: 'gamma' })).toEqual([
      { field: 'provider', message: 'gamma is not enabled: GAMMA_KEY not set' },
    ]);
    expect(refusalsWith(providers, { provider: 'beta', hasNationalId: false })).toEqual([
      { field: 'provider', message: 'beta cannot take this payout: requires beneficiary.nationalId' },
    ]);
    expect(refusalsWith(providers, { provider: 'alpha', amount: 1_000_001n })).toEqual([
      { field: 'provider', message: 'alpha cannot take this payout: amount above its maximum 1000000' },
    ]);
  });
});
