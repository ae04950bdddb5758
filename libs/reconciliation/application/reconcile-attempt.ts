import {
  dispatchPayoutMessage,
  PayoutChangedError,
  type AttemptRecord,
  type PayoutRecord,
  type PayoutStore,
  type PersonStatement,
  type TransitionPayout,
  type TransitionResult,
} from '@libs/payouts/application';
import { proves, type NotExecutedProof } from '@libs/payouts/domain';
import { submitRequestFor, type LookupOutcome, type PayoutProvider } from '@libs/providers/contract';
import { claimedSend, type SettleRejectedAttempt } from '@libs/dispatch/application';
import { scaledMs, type Clock } from '@libs/platform/time';
import { decidePoll, type PollDecision } from './decide-poll';
import { isPolled, planNextCheck } from './poll-plan';
import type { PollMetrics, PollStore, ScheduleContext } from './poll-store.port';

export interface ProviderLookup {
  find(name: string): PayoutProvider | undefined;
}

/** Settles an attempt proven not executed: failover when another provider is eligible, else the payout fails. */
export type NotExecutedSettler = Pick<SettleRejectedAttempt, 'execute'>;

/** Dispatch's per-payout lease: held while a lookup runs, so no send of the same attempt runs at the same time. */
export interface SendLease {
  acquire(payoutId: string): Promise<{ release(): Promise<void> } | undefined>;
}

export interface ReconcileOptions {
  /** POLL_TIME_SCALE. */
  timeScale: number;
  /** After an exhausted schedule, look again this often (before scaling). */
  lookAgainMs: number;
  /**
   * Dispatch's settlement (it asks routing whether another provider can take the payout). Without it, a proven
   * "not executed" attempt is rejected and the payout handed back to dispatch, which fails it if no route is left.
   */
  settleNotExecuted?: NotExecutedSettler;
  /**
   * Taken for a lookup of a `submitting` payout (a lookup may replay the create): two calls of one attempt never run
   * at once (2c). Without it (tests), only the attempt's send claim in Postgres orders them.
   */
  sendLease?: SendLease;
}

export type ReconcileResult =
  | { kind: 'skipped'; why: string }
  /** The provider's budget was spent before anything was sent: nothing happened, try later. */
  | { kind: 'rate_limited' }
  | { kind: 'polled'; outcome: LookupOutcome['kind']; result: TransitionResult }
  | { kind: 'settled'; outcome: LookupOutcome['kind']; settlement: string };

/**
 * Looks one payout's live attempt up at its provider and applies the answer through TransitionPayout: the status it
 * proves, the attempt's evidence and poll count, and the next check of the schedule now running.
 */
export class ReconcileAttempt {
  constructor(
    private readonly payouts: PayoutStore,
    private readonly transition: TransitionPayout,
    private readonly polls: PollStore,
    private readonly providers: ProviderLookup,
    private readonly metrics: PollMetrics,
    private readonly options: ReconcileOptions,
  ) {}

  /**
   * `source` names who asked for the lookup on the event log: the poller by default, `ops:<actor>` for a refresh.
   * `statement` is what the person who asked typed (a refresh's reason): the lookup's event carries it, so the
   * payout's timeline shows who looked and why.
   */
  async execute(
    payoutId: string,
    clock: Clock,
    source?: string,
    statement?: PersonStatement,
  ): Promise<ReconcileResult> {
    const before = await this.payouts.payouts.find(payoutId);
    if (!before || !isPolled(before.status)) return { kind: 'skipped', why: 'not in a polled status' };
    const { sendLease } = this.options;
    if (before.status !== 'submitting' || !sendLease) return this.reconcile(before, clock, source, statement);
    const lease = await sendLease.acquire(payoutId);
    if (!lease) return { kind: 'skipped', why: 'a send of this payout is in flight' };
    try {
      return await this.reconcile(before, clock, source, statement);
    } finally {
      await lease.release();
    }
  }

  private async reconcile(
    before: PayoutRecord,
    clock: Clock,
    source?: string,
    statement?: PersonStatement,
  ): Promise<ReconcileResult> {
    const payoutId = before.id;
    const attempt = await this.payouts.attempts.findLive(payoutId);
    const provider = attempt ? this.providers.find(attempt.provider) : undefined;
    if (!attempt || !provider) return this.flagUnpollable(before, attempt, clock.now());
    const beneficiary = await this.payouts.beneficiaries.loadBeneficiaryForSubmission(payoutId);
    // A lookup that replays the create is a call of the attempt like a resend: claimed before its first byte (2a).
    const call = claimedSend(() =>
      this.payouts.attempts.claimSend(attempt.id, clock.now(), provider.capabilities.idempotencyRetentionMs),
    );
    const request = submitRequestFor(before, attempt, beneficiary, call.beforeFirstSend);
    const outcome = await provider.lookup(request);
    const sendNumber = call.sendNumber();
    if (outcome.kind === 'unavailable' && outcome.reason === 'rate_limited' && outcome.raw.requestCount === 0) {
      return { kind: 'rate_limited' };
    }
    this.metrics.polled(provider.name, outcome.kind);
    const now = clock.now();
    const payout = (await this.payouts.payouts.find(payoutId)) ?? before;
    const refusalAnswersOnlyCall = proves(
      { kind: 'refusal', sendNumber },
      { superseded: false, sendCount: Math.max(attempt.sendCount, sendNumber) },
    );
    const decision = await this.decide(payout, attempt, provider, outcome, now, refusalAnswersOnlyCall);
    // A refusal of the replayed create answers only its own call; "no record" holds only if no call began since.
    const proof: NotExecutedProof =
      outcome.kind === 'not_found' && outcome.failure !== undefined
        ? { kind: 'refusal', sendNumber }
        : { kind: 'no_record', sendCount: attempt.sendCount };
    const settler = this.options.settleNotExecuted;
    if (settler && decision.attemptChange.status === 'rejected' && decision.failure) {
      const settlement = await settler.execute({
        payoutId,
        attemptId: attempt.id,
        failure: decision.failure,
        failoverAllowed: decision.failover === true,
        ...(decision.attemptChange.lastRawAnswer ? { raw: decision.attemptChange.lastRawAnswer } : {}),
        source: source ?? `poll:${provider.name}`,
        evidence: lookupEvidence(outcome, decision.why, false, statement),
        proof,
      });
      return { kind: 'settled', outcome: outcome.kind, settlement };
    }
    const result = await this.apply(payout, attempt, provider, outcome, { ...decision, proof }, now, source, statement);
    if (outcome.kind === 'found' && attempt.providerId !== outcome.providerId) {
      await this.polls.wakeOrphans({ ...keysOf(attempt), providerId: outcome.providerId }, now);
    }
    return { kind: 'polled', outcome: outcome.kind, result };
  }

  private async decide(
    payout: PayoutRecord,
    attempt: AttemptRecord,
    provider: PayoutProvider,
    outcome: LookupOutcome,
    now: Date,
    refusalAnswersOnlyCall: boolean,
  ): Promise<PollDecision & ReadContext> {
    const context = (await this.polls.scheduleContext(payout.id)) ?? { since: payout.updatedAt };
    const needsWebhookCheck =
      payout.status === 'processing' && outcome.kind === 'found' && outcome.signal.status === 'processing';
    const hasWebhook = needsWebhookCheck ? await this.polls.hasWebhook(keysOf(attempt)) : false;
    const decision = decidePoll({
      status: payout.status,
      attempt,
      outcome,
      capabilities: provider.capabilities,
      context,
      hasWebhook,
      now,
      timeScale: this.options.timeScale,
      refusalAnswersOnlyCall,
    });
    return { ...decision, since: context.since, context, hasWebhook, refusalAnswersOnlyCall };
  }

  /**
   * Decides again under the payout's row lock, from the payout and attempt as locked (2c): what was read before the
   * lookup may have moved (a webhook, a failover, a send's answer). Only the schedule context was read outside.
   */
  private async apply(
    payout: PayoutRecord,
    attempt: AttemptRecord,
    provider: PayoutProvider,
    outcome: LookupOutcome,
    read: PollDecision & ReadContext & { proof: NotExecutedProof },
    now: Date,
    source?: string,
    statement?: PersonStatement,
  ): Promise<TransitionResult> {
    let made: PollDecision = read;
    const result = await this.transition.decide(payout.id, async (locked) => {
      const current = (await locked.attempts()).find((candidate) => candidate.id === attempt.id) ?? attempt;
      const decision = decidePoll({
        status: locked.payout.status,
        attempt: current,
        outcome,
        capabilities: provider.capabilities,
        context: read.context,
        hasWebhook: read.hasWebhook,
        now,
        timeScale: this.options.timeScale,
        refusalAnswersOnlyCall: read.refusalAnswersOnlyCall,
      });
      made = decision;
      const plan = planNextCheck({
        status: decision.to,
        capabilities: provider.capabilities,
        since: decision.moves ? now : read.since,
        afterCheck: !decision.moves,
        now,
        timeScale: this.options.timeScale,
        lookAgainMs: this.options.lookAgainMs,
      });
      const flag = decision.flag === true || plan?.exhausted === true;
      const signal = {
        source: source ?? `poll:${provider.name}`,
        to: decision.moves ? decision.to : locked.payout.status,
        ...(decision.failure ? { failure: decision.failure } : {}),
        ...(decision.failover ? { failover: true } : {}),
        evidence: lookupEvidence(outcome, decision.why, plan?.exhausted === true, statement),
      };
      return {
        signal,
        options: {
          attemptUpdate: { attemptId: attempt.id, ...decision.attemptChange },
          ...(decision.attemptChange.status === 'rejected' ? { notExecutedProof: read.proof } : {}),
          ...(plan ? { nextCheckAt: plan.at } : {}),
          ...(flag ? { needsAttention: true } : {}),
          ...(decision.redispatch ? { extraOutbox: [dispatchPayoutMessage({ payoutId: payout.id })] } : {}),
        },
      };
    });
    if (!result) throw new Error(`payout ${payout.id}: a lookup's decision wrote nothing`);
    const { decision } = result;
    if (decision.kind !== 'applied' && decision.reason !== 'duplicate')
      this.metrics.notApplied(provider.name, decision.reason);
    if (decision.contradiction || made.flag) this.metrics.contradiction(provider.name);
    return result;
  }

  /** A polled payout without a live attempt or a registered provider: nothing to look up, so ops must look. */
  private async flagUnpollable(
    payout: PayoutRecord,
    attempt: AttemptRecord | undefined,
    now: Date,
  ): Promise<ReconcileResult> {
    const why = attempt ? `provider ${attempt.provider} is not registered` : 'no live attempt to look up';
    try {
      const result = await this.transition.apply(
        payout.id,
        { to: payout.status, source: `poll:${attempt?.provider ?? 'none'}`, evidence: { why } },
        {
          // Only for the state found without a live attempt: a failover settles its attempt and hands the payout back
          // to dispatch in one transaction, and this flag must not land on what that transaction made.
          expectedVersion: payout.version,
          needsAttention: true,
          nextCheckAt: new Date(now.getTime() + scaledMs(this.options.lookAgainMs, this.options.timeScale, 1)),
        },
      );
      return { kind: 'polled', outcome: 'unavailable', result };
    } catch (error) {
      if (error instanceof PayoutChangedError) return { kind: 'skipped', why: 'the payout changed while it was read' };
      throw error;
    }
  }
}

/** What a decision read outside the lock (the running schedule, whether a webhook came) and reuses under it. */
interface ReadContext {
  since: Date;
  context: ScheduleContext;
  hasWebhook: boolean;
  refusalAnswersOnlyCall: boolean;
}

const keysOf = (attempt: AttemptRecord) => ({
  provider: attempt.provider,
  payoutId: attempt.payoutId,
  attemptId: attempt.id,
  reference: attempt.reference,
  providerId: attempt.providerId,
});

/**
 * What the event log keeps of a lookup: words and ids, never the raw body (which may hold a full IBAN). A lookup a
 * person asked for also keeps their statement (`statedBy`, `reason`: the shape statementOf reads); the lookup's own
 * reason then moves to `lookupReason`, so neither hides the other.
 */
function lookupEvidence(
  outcome: LookupOutcome,
  why: string,
  exhausted: boolean,
  statement?: PersonStatement,
): Record<string, unknown> {
  const evidence: Record<string, unknown> = {
    lookup: outcome.kind,
    why,
    httpStatus: outcome.raw.httpStatus ?? null,
    requestCount: outcome.raw.requestCount,
  };
  if (outcome.kind === 'found') {
    evidence.providerStatus = outcome.signal.providerStatus;
    evidence.providerId = outcome.providerId;
  }
  if (outcome.kind === 'not_found') evidence.provesNotExecuted = outcome.provesNotExecuted;
  if (outcome.kind === 'unavailable' || outcome.kind === 'unparseable') {
    evidence[statement ? 'lookupReason' : 'reason'] = outcome.reason;
  }
  if (exhausted) evidence.scheduleExhausted = true;
  return statement ? { ...evidence, ...statement } : evidence;
}
