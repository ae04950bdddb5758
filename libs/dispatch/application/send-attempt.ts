import type { SendPermission, SubmitRequest } from '@libs/providers';
import type { ApplyResult, ApplySubmitOutcome, SentAttempt } from './apply-submit-outcome';
import type {
  BeneficiaryOpener,
  DispatchClock,
  DispatchWrites,
  FaultPoints,
  ProviderAdapters,
  SubmissionGate,
} from './dispatch.ports';

/**
 * One submission of a committed attempt under its own reference: open the beneficiary, call the provider through
 * its gate (concurrency limit, circuit breaker), apply the answer. The attempt was committed `submitting` before, so
 * a crash at any line here leaves a row the reaper or reconciliation finishes, under the same reference.
 */
export class SendAttempt {
  constructor(
    private readonly adapters: ProviderAdapters,
    private readonly beneficiaries: BeneficiaryOpener,
    private readonly gate: SubmissionGate,
    private readonly applyOutcome: ApplySubmitOutcome,
    private readonly faults: FaultPoints,
    private readonly claims: Pick<DispatchWrites, 'claimSend'>,
    private readonly clock: DispatchClock,
  ) {}

  async execute(sent: Omit<SentAttempt, 'capabilities' | 'sendNumber'>): Promise<ApplyResult> {
    const { payout, attempt } = sent;
    const adapter = this.adapters.get(attempt.provider);
    this.faults.crashAt('before-call');
    const beneficiary = await this.beneficiaries.loadBeneficiaryForSubmission(payout.id);
    // Which call of the attempt this one is, once its first byte is about to leave; 0 while nothing has left.
    let sendNumber = 0;
    const request: SubmitRequest = {
      payoutId: payout.id,
      attemptId: attempt.id,
      reference: attempt.reference,
      ...(attempt.providerId !== null ? { providerId: attempt.providerId } : {}),
      amount: payout.amount,
      currency: payout.currency,
      beneficiary,
      ...(payout.customer !== null ? { customer: payout.customer } : {}),
      ...(payout.description !== null ? { description: payout.description } : {}),
      ...(attempt.submittedAt !== null ? { submittedAt: attempt.submittedAt } : {}),
      ...(attempt.lastSentAt !== null ? { lastSentAt: attempt.lastSentAt } : {}),
      beforeFirstSend: async (): Promise<SendPermission> => {
        const now = this.clock.now();
        const claim = await this.claims.claimSend(attempt.id, now, adapter.capabilities.idempotencyRetentionMs);
        if (claim.kind !== 'claimed') return claim.kind === 'settled' ? 'attempt_settled' : 'idempotency_key_expired';
        sendNumber = claim.sendNumber;
        return 'go';
      },
    };
    const disarm = this.faults.armDuringCall();
    const gate = await this.gate.submit(attempt.provider, () => adapter.submit(request));
    disarm();
    this.faults.crashAt('after-call-before-commit');
    return this.applyOutcome.execute({ ...sent, capabilities: adapter.capabilities, sendNumber }, gate);
  }
}
