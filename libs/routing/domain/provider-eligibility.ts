import { balanceShortfall, type KnownBalance } from './provider-balance';
import type { RoutingRequest } from './routing-rule';

/** What a provider needs from a payout, as declared by its registration. */
export interface ProviderCapabilities {
  currencies: readonly string[];
  requiresNationalId: boolean;
  /** ISO 3166 alpha-2 countries of the IBANs it pays to. */
  ibanCountries: readonly string[];
}

/** A provider's settings and health at decision time; amounts in minor units. */
export interface ProviderState {
  provider: string;
  enabled: boolean;
  /** Takes no new payouts, keeps polling the ones in flight. */
  draining: boolean;
  isCircuitOpen: boolean;
  minAmount?: bigint;
  maxAmount?: bigint;
  dailyLimit?: bigint;
  /** Already routed to it today, in minor units. */
  dailyUsed: bigint;
  /** The last known sending balance; absent while unknown (which never excludes). */
  balance?: KnownBalance;
  capabilities: ProviderCapabilities;
}

export interface ProviderEligibility {
  provider: string;
  eligible: boolean;
  reason: string;
}

/**
 * Why `state` cannot take the payout, or undefined when it can. The first failing check is the reason; the balance is
 * checked last, so a provider whose reason is the balance's would take the payout but for its balance.
 */
export function ineligibility(
  state: ProviderState,
  request: RoutingRequest,
  excluding: readonly string[],
): string | undefined {
  const { capabilities } = state;
  const { amount, beneficiary } = request;
  if (excluding.includes(state.provider)) return 'already tried for this payout';
  if (!state.enabled) return 'disabled';
  if (state.draining) return 'draining: takes no new payouts';
  if (state.isCircuitOpen) return 'circuit open after recent failures';
  if (!capabilities.currencies.includes(request.currency)) return `does not support ${request.currency}`;
  if (!capabilities.ibanCountries.includes(beneficiary.country ?? '')) {
    return `does not pay to IBANs of ${beneficiary.country ?? 'an unknown country'}`;
  }
  if (capabilities.requiresNationalId && beneficiary.nationalId === undefined) {
    return 'requires beneficiary.nationalId';
  }
  if (state.minAmount !== undefined && amount < state.minAmount) return `amount below its minimum ${state.minAmount}`;
  if (state.maxAmount !== undefined && amount > state.maxAmount) return `amount above its maximum ${state.maxAmount}`;
  if (state.dailyLimit !== undefined && state.dailyUsed + amount > state.dailyLimit) {
    return `daily limit ${state.dailyLimit} would be exceeded (${state.dailyUsed} used)`;
  }
  return balanceShortfall(state.balance, request);
}

export function assessProviders(
  providers: readonly ProviderState[],
  request: RoutingRequest,
  excluding: readonly string[],
): ProviderEligibility[] {
  return providers.map((state) => {
    const reason = ineligibility(state, request, excluding);
    return { provider: state.provider, eligible: reason === undefined, reason: reason ?? 'eligible' };
  });
}
