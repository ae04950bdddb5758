import type { RuleMatch } from './routing-rule';

/**
 * A rule's match as JSON (the admin API, the jsonb column): amounts are minor-unit decimal strings, so no 64-bit value
 * passes through a JSON number.
 */
export interface RuleMatchJson {
  currency?: string;
  minAmount?: string;
  maxAmount?: string;
  bankCodes?: string[];
  clientIds?: string[];
  metadata?: Record<string, string>;
}

export function ruleMatchToJson(match: RuleMatch): RuleMatchJson {
  const { minAmount, maxAmount, bankCodes, clientIds, metadata, currency } = match;
  return {
    ...(currency !== undefined ? { currency } : {}),
    ...(minAmount !== undefined ? { minAmount: minAmount.toString() } : {}),
    ...(maxAmount !== undefined ? { maxAmount: maxAmount.toString() } : {}),
    ...(bankCodes !== undefined ? { bankCodes: [...bankCodes] } : {}),
    ...(clientIds !== undefined ? { clientIds: [...clientIds] } : {}),
    ...(metadata !== undefined ? { metadata: { ...metadata } } : {}),
  };
}

export function ruleMatchFromJson(json: RuleMatchJson): RuleMatch {
  const { minAmount, maxAmount, ...rest } = json;
  return {
    ...rest,
    ...(minAmount !== undefined ? { minAmount: BigInt(minAmount) } : {}),
    ...(maxAmount !== undefined ? { maxAmount: BigInt(maxAmount) } : {}),
  };
}
