import { assessProviders, type ProviderEligibility, type ProviderState } from './provider-eligibility';
import { orderRules, ruleMismatch } from './rule-match';
import type { RoutingRequest, RoutingRule } from './routing-rule';
import { pickWeighted } from './weighted-choice';

export interface ChooseProviderParams {
  request: RoutingRequest;
  rules: readonly RoutingRule[];
  /** Every known provider, in the default order used when no rule matches. */
  providers: readonly ProviderState[];
  /** Providers already tried for this payout (failover): never chosen again. */
  excluding?: readonly string[];
}

export interface RoutingDecision {
  /** null: nothing can take the payout now (the caller fails it with no_route or keeps it pending). */
  provider: string | null;
  ruleId: string | null;
  ruleVersion: number | null;
  reason: string;
  /** Every known provider, eligible or not, and why. */
  providers: ProviderEligibility[];
}

/**
 * A pinned provider is taken alone. Otherwise the first matching rule (by priority) decides: a weighted, per-payout
 * stable pick among its eligible targets, else the first eligible fallback. When no rule matches, the first eligible
 * provider in the default order is taken, so a payout is never stuck only because no rule was written for it.
 */
export function chooseProvider(params: ChooseProviderParams): RoutingDecision {
  const { request, rules, excluding = [] } = params;
  const providers = assessProviders(params.providers, request, excluding);
  const eligible = new Set(providers.filter((p) => p.eligible).map((p) => p.provider));
  const decide = (provider: string | null, rule: RoutingRule | null, reason: string): RoutingDecision => ({
    provider,
    ruleId: rule?.id ?? null,
    ruleVersion: rule?.version ?? null,
    reason,
    providers,
  });

  if (request.provider !== undefined) {
    const pinned = providers.find((p) => p.provider === request.provider);
    if (pinned === undefined) return decide(null, null, `pinned provider ${request.provider} is not known`);
    if (!pinned.eligible)
      return decide(null, null, `pinned provider ${pinned.provider} is not eligible: ${pinned.reason}`);
    return decide(pinned.provider, null, `provider ${pinned.provider} pinned on the request`);
  }

  const rule = orderRules(rules).find((candidate) => ruleMismatch(candidate, request) === undefined);
  if (rule === undefined) {
    const first = providers.find((p) => p.eligible);
    return first === undefined
      ? decide(null, null, 'no rule matched and no provider is eligible')
      : decide(first.provider, null, `no rule matched; ${first.provider} is first eligible in the default order`);
  }

  const matched = `rule "${rule.name}" v${rule.version} matched`;
  const targets = rule.targets.filter((target) => eligible.has(target.provider));
  const picked = pickWeighted(targets, request.payoutId);
  if (picked !== undefined) {
    const total = targets.reduce((sum, target) => sum + target.weight, 0);
    return decide(picked.provider, rule, `${matched}; ${picked.provider} by weight ${picked.weight}/${total}`);
  }
  const fallback = rule.fallback.find((provider) => eligible.has(provider));
  if (fallback !== undefined) return decide(fallback, rule, `${matched}; no target eligible, fallback ${fallback}`);
  return decide(null, rule, `${matched}; no target or fallback provider is eligible`);
}
