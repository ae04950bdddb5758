import type { BeneficiaryForSubmission } from '@libs/payouts/application';
import { submitRequestFor } from '@libs/providers/contract';
import type { Clock } from '@libs/platform/time';
import type { ApplyResult, ApplySubmitOutcome, SentAttempt } from './apply-submit-outcome';
import type {
  BeneficiaryOpener,
  DispatchWrites,
  FaultPoints,
  ProviderAdapters,
  SubmissionGate,
} from './dispatch.ports';
import { claimedSend } from './send-claim';

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
    private readonly clock: Clock,
  ) {}

  /**
   * `beneficiary`: already opened in the transaction that committed the attempt (dispatch); else loaded here.
   * `preclaimed`: call 1, claimed in that same transaction (invariant 2a holds: committed before the first byte); its
   * send claims nothing more, and a send that lets nothing out gives the claim back with its outcome.
   */
  async execute(
    sent: Omit<SentAttempt, 'capabilities' | 'sendNumber' | 'unsentClaim'> & {
      beneficiary?: BeneficiaryForSubmission;
      preclaimed?: number;
    },
  ): Promise<ApplyResult> {
    const { beneficiary: opened, preclaimed, ...rest } = sent;
    const { payout, attempt } = rest;
    const adapter = this.adapters.get(attempt.provider);
    this.faults.crashAt('before-call');
    const beneficiary = opened ?? (await this.beneficiaries.loadBeneficiaryForSubmission(payout.id));
    const call = claimedSend(
      () => this.claims.claimSend(attempt.id, this.clock.now(), adapter.capabilities.idempotencyRetentionMs),
      preclaimed,
    );
    // The very request a lookup may replay: the same body under the same key, never a conflicting one.
    const request = submitRequestFor(payout, attempt, beneficiary, call.beforeFirstSend);
    const disarm = this.faults.armDuringCall();
    const gate = await this.gate.submit(attempt.provider, () => adapter.submit(request));
    disarm();
    this.faults.crashAt('after-call-before-commit');
    return this.applyOutcome.execute(
      {
        ...rest,
        capabilities: adapter.capabilities,
        sendNumber: call.sendNumber(),
        unsentClaim: preclaimed !== undefined && call.sendNumber() === 0,
      },
      gate,
    );
  }
}
