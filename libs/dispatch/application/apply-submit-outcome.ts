import type { AttemptRecord, PayoutRecord, TransitionPayout } from '@libs/payouts';
import type { ProviderCapabilities, SubmitOutcome } from '@libs/providers';
import type {
  DispatchClock,
  DispatchJobs,
  DispatchMetrics,
  DispatchReads,
  DispatchTiming,
  DispatchWrites,
  GateResult,
} from './dispatch.ports';
import { firstCheckAt } from './next-check';
import type { SettleRejectedAttempt } from './settle-rejected-attempt';
import { answerEvidence, CIRCUIT_OPEN_ANSWER, toStoredRaw } from './submit-outcome';

export interface SentAttempt {
  payout: PayoutRecord;
  attempt: AttemptRecord;
  capabilities: Pick<ProviderCapabilities, 'processingPollSchedule'>;
  /** 0 for the first send of this job chain, n for the n-th retry of an ambiguous one. */
  retry: number;
  /** The attempt was created by this very job, so nothing can have been sent under it before this call. */
  isFirstSend: boolean;
}

export type ApplyResult = 'accepted' | 'failover' | 'failed' | 'retrying' | 'handed_to_reconciliation' | 'superseded';

const TERMINAL_SIGNALS: readonly string[] = ['succeeded', 'failed', 'returned'];

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
    private readonly context: { clock: DispatchClock; metrics: DispatchMetrics; timing: DispatchTiming },
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
    // A webhook, a poll or ops may have settled the payout while we waited for the answer: keep the evidence only.
    const [payout, current] = await Promise.all([
      this.store.reads.findPayout(attempt.payoutId),
      this.store.reads.findAttempt(attempt.id),
    ]);
    if (payout?.status !== 'submitting' || current?.status !== 'submitting') {
      const providerId = outcome.kind === 'accepted' ? outcome.providerId : undefined;
      await this.store.writes.recordEvidence(
        attempt.id,
        providerId,
        toStoredRaw(outcome.raw),
        this.context.clock.now(),
      );
      metrics.count(attempt.provider, 'superseded');
      return 'superseded';
    }
    switch (outcome.kind) {
      case 'accepted':
        return this.accept(sent, outcome);
      case 'not_executed':
        return this.settle.execute({
          payoutId: attempt.payoutId,
          attemptId: attempt.id,
          failure: outcome.failure,
          failoverAllowed: outcome.failoverAllowed,
          raw: toStoredRaw(outcome.raw),
          source: 'dispatch',
          evidence: answerEvidence(attempt.id),
        });
      case 'ambiguous':
        return this.keepSubmitting(sent, {
          reason: outcome.reason,
          detail: outcome.detail,
          nothingSent: outcome.raw.requestCount === 0,
          raw: outcome,
        });
    }
  }

  private async accept(sent: SentAttempt, outcome: SubmitOutcome & { kind: 'accepted' }): Promise<ApplyResult> {
    const { attempt } = sent;
    const now = this.context.clock.now();
    const to = outcome.signal.status;
    await this.transition.apply(
      attempt.payoutId,
      {
        to,
        source: 'dispatch',
        ...(outcome.signal.failure ? { failure: outcome.signal.failure } : {}),
        evidence: {
          ...answerEvidence(attempt.id),
          providerId: outcome.providerId,
          providerStatus: outcome.signal.providerStatus,
        },
      },
      {
        attemptUpdate: {
          attemptId: attempt.id,
          status: TERMINAL_SIGNALS.includes(to) ? 'completed' : 'accepted',
          providerId: outcome.providerId,
          lastRawAnswer: toStoredRaw(outcome.raw),
          ...(outcome.signal.failure ? { failure: outcome.signal.failure } : {}),
        },
        nextCheckAt: firstCheckAt(to, sent.capabilities, now, this.context.timing.timeScale),
      },
    );
    return 'accepted';
  }

  /** Our breaker stopped the first send of a new attempt: nothing left us, so the payout is routed again. */
  private async returnUnsent(sent: SentAttempt): Promise<ApplyResult> {
    return this.settle.execute({
      payoutId: sent.attempt.payoutId,
      attemptId: sent.attempt.id,
      failure: { code: 'provider_unavailable', message: `not sent: the circuit of ${sent.attempt.provider} is open` },
      failoverAllowed: true,
      raw: CIRCUIT_OPEN_ANSWER,
      source: 'dispatch',
      wasNeverSent: true,
    });
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
      },
    );
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
