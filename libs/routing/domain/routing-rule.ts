/**
 * What a rule matches on. Every given criterion must hold; an absent one matches anything.
 * Amount bounds are inclusive minor units.
 */
export interface RuleMatch {
  currency?: string;
  minAmount?: bigint;
  maxAmount?: bigint;
  /** 5-digit Turkish bank codes of the beneficiary's IBAN. */
  bankCodes?: readonly string[];
  clientIds?: readonly string[];
  /** Every key must be present on the payout with exactly this value. */
  metadata?: Readonly<Record<string, string>>;
}

export interface RuleTarget {
  provider: string;
  weight: number;
}

export interface RoutingRule {
  id: string;
  /** 1 on create, +1 on every change; a payout records the version that routed it. */
  version: number;
  name: string;
  /** Lower first. */
  priority: number;
  enabled: boolean;
  match: RuleMatch;
  targets: readonly RuleTarget[];
  /** Tried in order when no target is eligible. */
  fallback: readonly string[];
}

/** The parts of a payout routing looks at. */
export interface RoutingRequest {
  /** Seeds the weighted choice, so routing the same payout again picks the same provider. */
  payoutId: string;
  amount: bigint;
  currency: string;
  clientId: string;
  metadata?: Readonly<Record<string, string>>;
  beneficiary: {
    bankCode?: string;
    /** Only its presence is read: some providers cannot pay without it. */
    nationalId?: string;
    /** Country of the IBAN. */
    country?: string;
  };
  /** Pinned by the client: only this provider, or none. */
  provider?: string;
}
