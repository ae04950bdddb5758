import { ruleMatchToJson, type RoutingExplanation, type RuleMatchJson } from '../domain';
import type { ProviderDescription, ProviderHealth } from './provider-catalog.port';
import type { StoredProviderBalance } from './provider-balances.port';
import type { ProviderSettings, StoredRoutingRule } from './routing-store.port';

/** A rule as the admin API shows it: amounts as minor-unit strings. */
export interface RoutingRuleView {
  id: string;
  name: string;
  priority: number;
  enabled: boolean;
  match: RuleMatchJson;
  targets: { provider: string; weight: number }[];
  fallback: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export function toRuleView(rule: StoredRoutingRule): RoutingRuleView {
  return {
    id: rule.id,
    name: rule.name,
    priority: rule.priority,
    enabled: rule.enabled,
    match: ruleMatchToJson(rule.match),
    targets: rule.targets.map((target) => ({ provider: target.provider, weight: target.weight })),
    fallback: [...rule.fallback],
    version: rule.version,
    createdAt: rule.createdAt.toISOString(),
    updatedAt: rule.updatedAt.toISOString(),
    deletedAt: rule.deletedAt?.toISOString() ?? null,
  };
}

const amountText = (amount: bigint | null | undefined): string | null =>
  amount === null || amount === undefined ? null : amount.toString();

export interface ProviderView {
  name: string;
  enabled: boolean;
  drain: boolean;
  minAmount: string | null;
  maxAmount: string | null;
  dailyLimit: string | null;
  /** Minor units; a known balance under it is low (metric and alert). */
  lowBalanceThreshold: string | null;
  /** The last known sending balance; null while unknown (never read, or only unreadable answers). */
  balance: { amount: string; currency: string; asOf: string; source: 'submission' | 'read' } | null;
  /** 0 until an admin first changes the settings. */
  version: number;
  updatedAt: string | null;
  configured: { enabled: boolean; usesSandbox: boolean; disabledReason: string | null };
  capabilities: {
    currencies: string[];
    ibanCountries: string[];
    requiresNationalId: boolean;
    minAmount: string;
    maxAmount: string;
  };
  /** Routed to it today (the Europe/Istanbul calendar day), attempts that were not rejected. */
  dailyUsed: string;
  health: {
    circuit: ProviderHealth['circuit'];
    processes: { instance: string; state: ProviderHealth['processes'][number]['state']; since: string }[];
    windowSeconds: number;
    calls: number | null;
    transportFailures: number | null;
    errorRate: number | null;
  };
}

export function toProviderView(
  description: ProviderDescription,
  settings: ProviderSettings,
  dailyUsed: bigint,
  health: ProviderHealth,
  balance?: StoredProviderBalance,
): ProviderView {
  const known = balance?.known;
  return {
    name: description.name,
    enabled: settings.enabled,
    drain: settings.drain,
    minAmount: amountText(settings.minAmount),
    maxAmount: amountText(settings.maxAmount),
    dailyLimit: amountText(settings.dailyLimit),
    lowBalanceThreshold: amountText(settings.lowBalanceThreshold),
    balance: known
      ? {
          amount: known.amount.toString(),
          currency: known.currency,
          asOf: known.asOf.toISOString(),
          source: known.source,
        }
      : null,
    version: settings.version,
    updatedAt: settings.updatedAt?.toISOString() ?? null,
    configured: {
      enabled: description.isConfigured,
      usesSandbox: description.usesSandbox,
      disabledReason: description.disabledReason ?? null,
    },
    capabilities: {
      currencies: [...description.currencies],
      ibanCountries: [...description.ibanCountries],
      requiresNationalId: description.requiresNationalId,
      minAmount: description.minAmount.toString(),
      maxAmount: description.maxAmount.toString(),
    },
    dailyUsed: dailyUsed.toString(),
    health: {
      ...health,
      processes: health.processes.map((p) => ({ instance: p.instance, state: p.state, since: p.since.toISOString() })),
    },
  };
}

export interface RoutingExplanationView {
  /** `unknown` when the workers' circuit reports could not be read: the decision then counts no circuit as open. */
  circuits: 'reported' | 'unknown';
  provider: string | null;
  ruleId: string | null;
  ruleVersion: number | null;
  reason: string;
  providers: { provider: string; eligible: boolean; reason: string }[];
  rules: { ruleId: string; ruleVersion: number; name: string; matched: boolean; reason: string }[];
}

export const toExplanationView = (explanation: RoutingExplanation, circuitsKnown = true): RoutingExplanationView => ({
  circuits: circuitsKnown ? 'reported' : 'unknown',
  provider: explanation.provider,
  ruleId: explanation.ruleId,
  ruleVersion: explanation.ruleVersion,
  reason: explanation.reason,
  providers: explanation.providers.map((p) => ({ ...p })),
  rules: explanation.rules.map((r) => ({ ...r })),
});
