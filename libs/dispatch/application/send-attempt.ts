import type { SubmitRequest } from '@libs/providers';
import type { ApplyResult, ApplySubmitOutcome, SentAttempt } from './apply-submit-outcome';
import type { BeneficiaryOpener, FaultPoints, ProviderAdapters, SubmissionGate } from './dispatch.ports';

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
  ) {}

  async execute(sent: Omit<SentAttempt, 'capabilities'>): Promise<ApplyResult> {
    const { payout, attempt } = sent;
    const adapter = this.adapters.get(attempt.provider);
    this.faults.crashAt('before-call');
    const beneficiary = await this.beneficiaries.loadBeneficiaryForSubmission(payout.id);
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
    };
    const disarm = this.faults.armDuringCall();
    const gate = await this.gate.submit(attempt.provider, () => adapter.submit(request));
    disarm();
    this.faults.crashAt('after-call-before-commit');
    return this.applyOutcome.execute({ ...sent, capabilities: adapter.capabilities }, gate);
  }
}
