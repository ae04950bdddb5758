import { providerStates } from './provider-states';
import type { ProviderDescription } from './provider-catalog.port';
import type { ProviderSettings } from './routing-store.port';

const description = (overrides: Partial<ProviderDescription> = {}): ProviderDescription => ({
  name: 'alpha',
  isConfigured: true,
  usesSandbox: true,
  currencies: ['TRY'],
  ibanCountries: ['TR'],
  requiresNationalId: false,
  minAmount: 100n,
  maxAmount: 1_000_000n,
  ...overrides,
});

const settings = (overrides: Partial<ProviderSettings> = {}): ProviderSettings => ({
  provider: 'alpha',
  enabled: true,
  drain: false,
  minAmount: null,
  maxAmount: null,
  dailyLimit: null,
  lowBalanceThreshold: null,
  version: 1,
  updatedAt: new Date(0),
  ...overrides,
});

describe('providerStates', () => {
  it('takes the adapter’s limits when no settings row exists, and counts today’s usage and open circuits', () => {
    const { current } = providerStates({
      descriptions: [description()],
      settings: [],
      dailyUsed: new Map([['alpha', 5_000n]]),
      openCircuits: new Set(['alpha']),
    });
    expect(current).toEqual([
      {
        provider: 'alpha',
        enabled: true,
        draining: false,
        isCircuitOpen: true,
        minAmount: 100n,
        maxAmount: 1_000_000n,
        dailyLimit: undefined,
        dailyUsed: 5_000n,
        capabilities: { currencies: ['TRY'], ibanCountries: ['TR'], requiresNationalId: false },
      },
    ]);
  });

  it('narrows the adapter’s limits with the admin’s, never widens them', () => {
    const { current } = providerStates({
      descriptions: [description()],
      settings: [settings({ minAmount: 50n, maxAmount: 500_000n, dailyLimit: 9_000_000n })],
      dailyUsed: new Map(),
      openCircuits: new Set(),
    });
    expect(current[0]).toMatchObject({ minAmount: 100n, maxAmount: 500_000n, dailyLimit: 9_000_000n });
  });

  it('lifts admin switches, circuits and daily limits in the lasting view, but never missing credentials', () => {
    const { current, lasting } = providerStates({
      descriptions: [description(), description({ name: 'beta', isConfigured: false })],
      settings: [settings({ enabled: false, drain: true, dailyLimit: 1n })],
      dailyUsed: new Map([['alpha', 10n]]),
      openCircuits: new Set(['alpha']),
    });
    expect(current[0]).toMatchObject({ enabled: false, draining: true, isCircuitOpen: true, dailyLimit: 1n });
    expect(lasting[0]).toMatchObject({
      enabled: true,
      draining: false,
      isCircuitOpen: false,
      dailyLimit: undefined,
      dailyUsed: 0n,
      maxAmount: 1_000_000n,
    });
    expect(lasting[1]).toMatchObject({ provider: 'beta', enabled: false });
  });
});
