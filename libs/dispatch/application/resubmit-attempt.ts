import type { ApplyResult } from './apply-submit-outcome';
import type { DispatchLease, DispatchReads, ResubmitJob } from './dispatch.ports';
import type { SendAttempt } from './send-attempt';

/**
 * The `resubmit-attempt` job: the same attempt, under the same reference, sent again (after an ambiguous answer, or
 * by the reaper after its worker died). Safe because every provider is idempotent on the reference: a duplicate
 * answers with the original outcome (or the adapter resolves a "duplicate" answer by a lookup). Never a new reference.
 */
export class ResubmitAttempt {
  constructor(
    private readonly reads: Pick<DispatchReads, 'findPayout' | 'findAttempt'>,
    private readonly lease: DispatchLease,
    private readonly send: SendAttempt,
  ) {}

  async execute(job: ResubmitJob): Promise<ApplyResult | 'busy' | 'nothing_to_do'> {
    const lease = await this.lease.acquire(job.payoutId);
    if (!lease) return 'busy';
    try {
      const [payout, attempt] = await Promise.all([
        this.reads.findPayout(job.payoutId),
        this.reads.findAttempt(job.attemptId),
      ]);
      if (payout?.status !== 'submitting' || attempt?.status !== 'submitting' || attempt.payoutId !== payout.id) {
        return 'nothing_to_do';
      }
      return await this.send.execute({ payout, attempt, retry: job.retry, isFirstSend: false });
    } finally {
      await lease.release();
    }
  }
}
