import { isSettled, proves, type PayoutSignal } from '@libs/payouts/domain';
import type { AttemptRecord, PayoutRecord, TransitionOptions, TransitionPayout } from '@libs/payouts/application';
import type { ProviderCapabilities, SubmitOutcome } from '@libs/providers/contract';
import type { Clock } from '@libs/platform/time';
import type {
  DispatchJobs,
  DispatchMetrics,
  DispatchReads,
  DispatchTiming,
  DispatchWrites,
  GateResult,
} from './dispatch.ports';
import { firstCheckAt } from './next-check';
import type { SettleRejectedAttempt, SettleResult } from './settle-rejected-attempt';
import { answerEvidence, CIRCUIT_OPEN_ANSWER, toStoredRaw } from './submit-outcome';

export interface SentAttempt {
  payout: PayoutRecord;
  attempt: AttemptRecord;
  capabilities: Pick<ProviderCapabilities, 'processingPollSchedule'>;
  /** 0 for the first send of this job chain, n for the n-th retry of an ambiguous one. */
  retry: number;
  /** The attempt was created by this very job, so nothing can have been sent under it before this call. */
  isFirstSend: boolean;
  /** Which call of the attempt this was (AttemptRows.claimSend); 0 when none of its requests left us. */
  sendNumber: number;
  /**
   * Call 1 was claimed with the attempt and this send let nothing out (sendNumber 0): the outcome's transition gives
   * the claim back (TransitionOptions.unsentClaimOf), so the attempt counts no call, as if it had never claimed.
   */
  unsentClaim?: boolean;
}

export type ApplyResult = 'accepted' | 'failover' | 'failed' | 'retrying' | 'handed_to_reconciliation' | 'superseded';

/** A settlement the attempt's row refused under the lock (2a) leaves the payout submitting, for reconciliation. */
const settled = (result: SettleResult): ApplyResult => (result === 'not_proven' ? 'handed_to_reconciliation' : result);

/**
 * Applies what the provider answered to a submission. accepted -> the signal's status with the provider's id;
 * not executed -> failover or failed (SettleRejectedAttempt); ambiguous -> stays submitting, sent again later under
 * the same reference, then left to reconciliation: never a new reference, never failed.
 */
export class ApplySubmitOutcome {
  constructor(
    private readonly transition: TransitionPayout,
    private readonly store: { reads: Pick<DispatchReads, 'findPayout' | 'findAttempt'>; writes: DispatchWrites },
    private readonly settle: SettleRejectedAttempt,
    private readonly jobs: DispatchJobs,
    private readonly context: { clock: Clock; metrics: DispatchMetrics; timing: DispatchTiming },
  ) {}

  async execute(sent: SentAttempt, gate: GateResult): Promise<ApplyResult> {
    const { attempt } = sent;
    const { metrics } = this.context;
    if (gate.kind === 'circuit_open') {
      metrics.count(attempt.provider, 'circuit_open');
      if (sent.isFirstSend) return this.returnUnsent(sent);
      // Not an answer: the attempt stays unanswered, so the reaper sends it again later if our retries do not.
      return this.keepSubmitting(sent, { reason: 'circuit_open', detail: 'our circuit breaker is open' });
    }
    const { outcome } = gate;
    metrics.count(attempt.provider, outcome.kind);
    // The common answer checks that nothing settled the payout meanwhile under the transition's own lock: one
    // transaction instead of two reads and a transaction.
    if (outcome.kind === 'accepted') return this.accept(sent, outcome);
    // A webhook, a poll or ops may have settled the payout while we waited for the answer: keep the evidence only.
    const [payout, current] = await Promise.all([
      this.store.reads.findPayout(attempt.payoutId),
      this.store.reads.findAttempt(attempt.id),
    ]);
    if (payout?.status !== 'submitting' || current?.status !== 'submitting') return this.superseded(sent, outcome);
    switch (outcome.kind) {
      case 'not_executed': {
        const proof = { kind: 'refusal' as const, sendNumber: sent.sendNumber };
        // 2a: a refusal answers only its own call. After an earlier call (a timeout, a crash mid-call, a resend) it
        // proves nothing: the attempt stays submitting for a lookup, the provider's answer, or ops. TransitionPayout
        // checks the same under the lock; this spares the settlement when the row already says no. An unsent call 1
        // claimed with the attempt is given back with the settlement, so it is not counted here either.
        const released = sent.unsentClaim && current.sendCount === 1 ? 1 : 0;
        if (!proves(proof, { superseded: false, sendCount: current.sendCount - released })) {
          metrics.count(attempt.provider, 'refusal_not_proof');
          return this.keepSubmitting(sent, {
            reason: 'refused_after_unknown_try',
            detail: `${outcome.failure.providerCode ?? outcome.failure.code} on call ${sent.sendNumber} of ${current.sendCount}`,
            nothingSent: false,
            raw: { kind: 'ambiguous', reason: 'refused_after_unknown_try', raw: outcome.raw },
          });
        }
        return settled(
          await this.settle.execute({
            payoutId: attempt.payoutId,
            attemptId: attempt.id,
            failure: outcome.failure,
            failoverAllowed: outcome.failoverAllowed,
            raw: toStoredRaw(outcome.raw),
            source: 'dispatch',
            evidence: answerEvidence(attempt.id),
            proof,
            ...(sent.unsentClaim ? { unsentClaim: true } : {}),
          }),
        );
      }
      case 'ambiguous':
        return this.keepSubmitting(sent, {
          reason: outcome.reason,
          detail: outcome.detail,
          nothingSent: outcome.raw.requestCount === 0,
          raw: outcome,
        });
    }
  }

  /** What the provider said, kept on an attempt whose payout a webhook, a poll or ops settled while we waited. */
  private async superseded(sent: SentAttempt, outcome: SubmitOutcome): Promise<ApplyResult> {
    const { attempt } = sent;
    const providerId = outcome.kind === 'accepted' ? outcome.providerId : undefined;
    await this.store.writes.recordEvidence(attempt.id, providerId, toStoredRaw(outcome.raw), this.context.clock.now());
    this.context.metrics.count(attempt.provider, 'superseded');
    return 'superseded';
  }

  /**
   * Decided under the payout's row lock: applied only while the payout and this attempt are both still submitting;
   * otherwise nothing is written by the transition and only the evidence is kept, as before the lock was taken here.
   */
  private async accept(sent: SentAttempt, outcome: SubmitOutcome & { kind: 'accepted' }): Promise<ApplyResult> {
    const { attempt } = sent;
    const now = this.context.clock.now();
    const to = outcome.signal.status;
    const signal: PayoutSignal = {
      to,
      source: 'dispatch',
      ...(outcome.signal.failure ? { failure: outcome.signal.failure } : {}),
      evidence: {
        ...answerEvidence(attempt.id),
        providerId: outcome.providerId,
        providerStatus: outcome.signal.providerStatus,
      },
    };
    const options: TransitionOptions = {
      attemptUpdate: {
        attemptId: attempt.id,
        status: isSettled(to) ? 'completed' : 'accepted',
        providerId: outcome.providerId,
        lastRawAnswer: toStoredRaw(outcome.raw),
        ...(outcome.signal.failure ? { failure: outcome.signal.failure } : {}),
      },
      nextCheckAt: firstCheckAt(to, sent.capabilities, now, this.context.timing.timeScale),
    };
    const result = await this.transition.decide(attempt.payoutId, async (locked) => {
      if (locked.payout.status !== 'submitting') return undefined;
      const current = (await locked.attempts()).find((candidate) => candidate.id === attempt.id);
      return current?.status === 'submitting' ? { signal, options } : undefined;
    });
    return result ? 'accepted' : this.superseded(sent, outcome);
  }

  /** Our breaker stopped the first send of a new attempt: nothing left us, so the payout is routed again. */
  private async returnUnsent(sent: SentAttempt): Promise<ApplyResult> {
    return settled(
      await this.settle.execute({
        payoutId: sent.attempt.payoutId,
        attemptId: sent.attempt.id,
        failure: { code: 'provider_unavailable', message: `not sent: the circuit of ${sent.attempt.provider} is open` },
        failoverAllowed: true,
        raw: CIRCUIT_OPEN_ANSWER,
        source: 'dispatch',
        proof: { kind: 'never_sent' },
        ...(sent.unsentClaim ? { unsentClaim: true } : {}),
      }),
    );
  }

  private async keepSubmitting(
    sent: SentAttempt,
    why: { reason: string; detail?: string; nothingSent?: boolean; raw?: SubmitOutcome & { kind: 'ambiguous' } },
  ): Promise<ApplyResult> {
    const { attempt } = sent;
    const { clock, timing } = this.context;
    const now = clock.now();
    await this.transition.apply(
      attempt.payoutId,
      {
        to: 'submitting',
        source: 'dispatch',
        evidence: {
          // Only a request that left us is an answer; otherwise the reaper may send the attempt again later.
          ...(why.raw && !why.nothingSent ? answerEvidence(attempt.id) : { attemptId: attempt.id }),
          ambiguous: why.reason,
          detail: why.detail ?? null,
          nothingSent: why.nothingSent ?? true,
          retry: sent.retry,
        },
      },
      {
        attemptUpdate: { attemptId: attempt.id, ...(why.raw ? { lastRawAnswer: toStoredRaw(why.raw.raw) } : {}) },
        nextCheckAt: firstCheckAt('submitting', sent.capabilities, now, timing.timeScale),
        // Past the provider's retention a resend could pay twice: only a lookup, a webhook or ops can settle it now.
        ...(why.reason === 'idempotency_key_expired' ? { needsAttention: true } : {}),
        ...(sent.unsentClaim ? { unsentClaimOf: attempt.id } : {}),
      },
    );
    if (why.reason === 'idempotency_key_expired') return 'handed_to_reconciliation';
    const delayMs = timing.resubmitDelaysMs[sent.retry];
    if (delayMs === undefined) return 'handed_to_reconciliation';
    const retry = sent.retry + 1;
    await this.jobs.resubmit(
      { payoutId: attempt.payoutId, attemptId: attempt.id, retry },
      { delayMs, jobId: `resubmit-${attempt.id}-${retry}` },
    );
    return 'retrying';
  }
}
