import type { AttemptRecord, PayoutRecord, TransactionHandle, TransactionRows } from '@libs/payouts/application';
import { chooseProvider, type RoutingDecision, type RoutingRequest } from '@libs/routing/domain';
import type { LoadRoutingSnapshot } from '@libs/routing/application';
import { BALANCE_HOLD, type DispatchReads, type StoredRouting } from './dispatch.ports';
import { wasStoppedByCircuit } from './submit-outcome';

export type RouteResult =
  | { kind: 'routed'; provider: string; decision: RoutingDecision }
  /**
   * Nothing can take it now, but something could once a switch, a circuit or the day changes: keep it pending.
   * `hold`: what keeps it is a provider's known balance alone (a top-up releases it; INSUFFICIENT_BALANCE_WAIT ends it).
   */
  | { kind: 'wait'; decision: RoutingDecision; hold?: typeof BALANCE_HOLD }
  /** Nothing could ever take it as the providers are: fail it with no_route. */
  | { kind: 'no_route'; decision: RoutingDecision };

// Routing reads only whether a national id is on file; the sealed value never leaves the vault for this.
const NATIONAL_ID_ON_FILE = 'on file';

/**
 * Providers this payout must not go to again: each whose attempt was definitively not executed by the provider.
 * An attempt our own circuit stopped before sending proves nothing about the provider, so it does not count. A refusal
 * for the provider's balance counts too, except for a payout held for a balance (`whileHeld`): the top-up it waits for
 * ends that refusal. So a failover never bounces straight back, and a held payout may go to any provider again.
 */
export const providersTried = (attempts: readonly AttemptRecord[], whileHeld = false): string[] => [
  ...new Set(
    attempts
      .filter(
        (attempt) =>
          attempt.status === 'rejected' &&
          !wasStoppedByCircuit(attempt.lastRawAnswer) &&
          !(whileHeld && attempt.failure?.code === 'insufficient_provider_balance'),
      )
      .map((attempt) => attempt.provider),
  ),
];

export const storedRouting = (decision: RoutingDecision): StoredRouting => ({
  ruleId: decision.ruleId,
  ruleVersion: decision.ruleVersion,
  reason: decision.reason,
  providers: decision.providers.map((p) => ({ ...p })),
});

/** What a caller that routes inside a payout's transition already has (RoutePayout.execute). */
export interface RoutingContext {
  /** Whether a national id is on file, when the caller has read it (e.g. with the sealed beneficiary). */
  hasNationalId?: boolean;
  /** The transaction to read the rules, settings and usage in (round trips of it, not transactions of their own). */
  transaction?: TransactionHandle;
}

/** The routing engine applied to a stored payout, with rules, settings, usage and circuits read fresh. */
export class RoutePayout {
  constructor(
    private readonly snapshot: LoadRoutingSnapshot,
    private readonly reads: Pick<DispatchReads, 'hasNationalId'>,
    /** The same snapshot read in a given transaction; without it, `snapshot` reads on its own. */
    private readonly snapshotIn?: TransactionRows<LoadRoutingSnapshot>,
  ) {}

  /**
   * `alsoExcluding`: never this payout's providers again. `atDailyLimit`: the database just refused an attempt to these
   * (their daily limit), whatever the snapshot read: not eligible now, but they may be again another day.
   */
  async execute(
    payout: PayoutRecord,
    attempts: readonly AttemptRecord[],
    now: Date,
    alsoExcluding: readonly string[] = [],
    atDailyLimit: readonly string[] = [],
    context: RoutingContext = {},
  ): Promise<RouteResult> {
    const loader = context.transaction && this.snapshotIn ? this.snapshotIn(context.transaction) : this.snapshot;
    const [snapshot, hasNationalId] = await Promise.all([
      loader.execute(now),
      context.hasNationalId ?? this.reads.hasNationalId(payout.id),
    ]);
    const params = {
      request: routingRequest(payout, hasNationalId),
      rules: snapshot.rules,
      excluding: [...new Set([...providersTried(attempts, payout.holdReason === BALANCE_HOLD), ...alsoExcluding])],
    };
    // The limit is shown as used up, so the reason given is the daily limit even if this snapshot missed the usage.
    const current = snapshot.current.map((state) =>
      atDailyLimit.includes(state.provider)
        ? { ...state, dailyLimit: state.dailyLimit ?? state.dailyUsed, dailyUsed: state.dailyLimit ?? state.dailyUsed }
        : state,
    );
    const decision = chooseProvider({ ...params, providers: current });
    if (decision.provider !== null) return { kind: 'routed', provider: decision.provider, decision };
    const someday = chooseProvider({ ...params, providers: snapshot.lasting });
    if (someday.provider === null) return { kind: 'no_route', decision };
    // Would it go now but for a known balance? Then a top-up is what it waits for (pinned payouts too).
    const unlessBalance = chooseProvider({
      ...params,
      providers: current.map(({ balance: _balance, ...state }) => state),
    });
    return unlessBalance.provider !== null
      ? { kind: 'wait', decision, hold: BALANCE_HOLD }
      : { kind: 'wait', decision };
  }
}

function routingRequest(payout: PayoutRecord, hasNationalId: boolean): RoutingRequest {
  const { bankCode } = payout.beneficiary;
  return {
    payoutId: payout.id,
    amount: payout.amount,
    currency: payout.currency,
    clientId: payout.clientId,
    metadata: payout.metadata,
    beneficiary: {
      // The payout keeps a bank code only for Turkish IBANs, and the full IBAN stays sealed: that is the country.
      ...(bankCode !== null ? { bankCode, country: 'TR' } : {}),
      ...(hasNationalId ? { nationalId: NATIONAL_ID_ON_FILE } : {}),
    },
    ...(payout.requestedProvider !== null ? { provider: payout.requestedProvider } : {}),
  };
}
