import type { ProviderState } from '../domain';
import type { ProviderDescription } from './provider-catalog.port';
import type { StoredProviderBalance } from './provider-balances.port';
import type { ProviderSettings } from './routing-store.port';

const larger = (a: bigint | undefined, b: bigint | null | undefined): bigint | undefined =>
  b === null || b === undefined ? a : a === undefined || b > a ? b : a;
const smaller = (a: bigint | undefined, b: bigint | null | undefined): bigint | undefined =>
  b === null || b === undefined ? a : a === undefined || b < a ? b : a;

export interface ProviderStatesParams {
  descriptions: readonly ProviderDescription[];
  settings: readonly ProviderSettings[];
  dailyUsed: ReadonlyMap<string, bigint>;
  openCircuits: ReadonlySet<string>;
  /** Last known balances; a provider without one is unknown (never excluded for it). */
  balances?: readonly StoredProviderBalance[];
}

export interface ProviderStates {
  /** Every provider as it stands now, in the catalog's default order. */
  current: ProviderState[];
  /**
   * The same providers with every condition that passes by itself or by an admin switch lifted: disabled by an admin,
   * draining, an open circuit, the daily limit, a balance (a top-up lifts it). What is left (currency, national id, amount limits, missing
   * credentials) does not change while the payout waits, so "no provider even here" means no route at all.
   */
  lasting: ProviderState[];
}

/** The routing engine's view of each provider: the adapter's capabilities narrowed by the admin's settings. */
export function providerStates(params: ProviderStatesParams): ProviderStates {
  const byProvider = new Map(params.settings.map((settings) => [settings.provider, settings]));
  const balances = new Map((params.balances ?? []).map((row) => [row.provider, row.known]));
  const current: ProviderState[] = [];
  const lasting: ProviderState[] = [];
  for (const description of params.descriptions) {
    const settings = byProvider.get(description.name);
    const state: ProviderState = {
      provider: description.name,
      enabled: description.isConfigured && (settings?.enabled ?? true),
      draining: settings?.drain ?? false,
      isCircuitOpen: params.openCircuits.has(description.name),
      minAmount: larger(description.minAmount, settings?.minAmount),
      maxAmount: smaller(description.maxAmount, settings?.maxAmount),
      dailyLimit: settings?.dailyLimit ?? undefined,
      dailyUsed: params.dailyUsed.get(description.name) ?? 0n,
      ...knownBalance(balances.get(description.name)),
      capabilities: {
        currencies: description.currencies,
        ibanCountries: description.ibanCountries,
        requiresNationalId: description.requiresNationalId,
      },
    };
    current.push(state);
    lasting.push({
      ...state,
      enabled: description.isConfigured,
      draining: false,
      isCircuitOpen: false,
      dailyLimit: undefined,
      dailyUsed: 0n,
      balance: undefined,
    });
  }
  return { current, lasting };
}

const knownBalance = (known: StoredProviderBalance['known'] | undefined): Pick<ProviderState, 'balance'> =>
  known ? { balance: { amount: known.amount, currency: known.currency } } : {};
