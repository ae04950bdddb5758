import type { ProviderState } from '@libs/routing/domain/provider-eligibility';
import type { RoutingRequest, RoutingRule } from '@libs/routing/domain/routing-rule';

// Test data shared by the routing specs. Provider names are arbitrary: routing never branches on one.

export function providerState(provider: string, overrides: Partial<ProviderState> = {}): ProviderState {
  return {
    provider,
    enabled: true,
    draining: false,
    isCircuitOpen: false,
    dailyUsed: 0n,
    capabilities: { currencies: ['TRY'], ibanCountries: ['TR'], requiresNationalId: false },
    ...overrides,
  };
}

export function routingRequest(overrides: Partial<RoutingRequest> = {}): RoutingRequest {
  return {
    payoutId: '0193a1b2-0000-7000-8000-000000000001',
    amount: 250_000n,
    currency: 'TRY',
    clientId: 'client-games',
    metadata: { orderId: '991', segment: 'vip' },
    beneficiary: { bankCode: '00100', nationalId: '10000000146', country: 'TR' },
    ...overrides,
  };
}

export function routingRule(overrides: Partial<RoutingRule> = {}): RoutingRule {
  return {
    id: 'rule-1',
    version: 1,
    name: 'default',
    priority: 10,
    enabled: true,
    match: {},
    targets: [{ provider: 'alpha', weight: 1 }],
    fallback: [],
    ...overrides,
  };
}
