import type { RoutingRequest, RoutingRule } from './routing-rule';

/** Why `rule` does not match `request`, or undefined when it matches. */
export function ruleMismatch(rule: RoutingRule, request: RoutingRequest): string | undefined {
  const { match } = rule;
  if (!rule.enabled) return 'rule disabled';
  if (match.currency !== undefined && match.currency !== request.currency) {
    return `currency ${request.currency} is not ${match.currency}`;
  }
  if (match.minAmount !== undefined && request.amount < match.minAmount) return `amount below ${match.minAmount}`;
  if (match.maxAmount !== undefined && request.amount > match.maxAmount) return `amount above ${match.maxAmount}`;
  if (match.bankCodes !== undefined) {
    const { bankCode } = request.beneficiary;
    if (bankCode === undefined) return 'the IBAN has no Turkish bank code';
    if (!match.bankCodes.includes(bankCode)) return `bank code ${bankCode} not in the rule's bank codes`;
  }
  if (match.clientIds !== undefined && !match.clientIds.includes(request.clientId)) {
    return `client ${request.clientId} not in the rule's clients`;
  }
  for (const [key, value] of Object.entries(match.metadata ?? {})) {
    if (request.metadata?.[key] !== value) return `metadata ${key} is not "${value}"`;
  }
  return undefined;
}

/** Lower priority first; the id breaks ties so the order never depends on how rules were loaded. */
export const orderRules = (rules: readonly RoutingRule[]): RoutingRule[] =>
  [...rules].sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
