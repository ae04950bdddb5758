import type { TimerSet } from '../server/timer-set';
import type { TransferPlan } from './chaos-engine';

export type ChaosOutcome = 'sent' | 'rejected' | 'returned';

/** What a provider does to one recorded transfer when its plan says so. */
export interface OutcomeActs {
  /** The outcome happens: the record changes and its webhook goes out (`copies` times). */
  emit(outcome: ChaosOutcome, copies: number): void;
  /** The record becomes sent and no webhook is ever sent (a missed webhook; only a lookup tells). */
  sendSilently(): void;
  /** Parks the transfer in the provider's manual review. */
  enterReview(): void;
  /** Ends the review (with a webhook, or silently where only the lookup shows it, as each provider does). */
  release(outcome: 'sent' | 'rejected'): void;
}

const STEPS: Readonly<
  Record<Exclude<TransferPlan['plan'], 'sent_without_webhook' | `review_${string}`>, ChaosOutcome[]>
> = {
  sent: ['sent'],
  rejected: ['rejected'],
  sent_then_returned: ['sent', 'returned'],
  returned_before_sent: ['returned', 'sent'],
};

/**
 * Plays a transfer's drawn plan on the sandbox's timers. `webhookFirst`: the first outcome fires at once, before the
 * (delayed) answer to the send that recorded it.
 */
export function playTransferPlan(plan: TransferPlan, timers: TimerSet, acts: OutcomeActs, webhookFirst = false): void {
  const firstDelay = (delayMs: number) => (webhookFirst ? 1 : delayMs);
  switch (plan.plan) {
    case 'review_then_sent':
    case 'review_then_rejected': {
      acts.enterReview();
      const outcome = plan.plan === 'review_then_sent' ? 'sent' : 'rejected';
      timers.after(plan.reviewMs, () => acts.release(outcome));
      return;
    }
    case 'sent_without_webhook':
      timers.after(firstDelay(plan.outcomeDelaysMs[0]), () => acts.sendSilently());
      return;
    default: {
      let at = 0;
      STEPS[plan.plan].forEach((outcome, index) => {
        const delay = plan.outcomeDelaysMs[index] ?? plan.outcomeDelaysMs[0];
        at += index === 0 ? firstDelay(delay) : delay;
        timers.after(at, () => acts.emit(outcome, plan.copies));
      });
    }
  }
}
