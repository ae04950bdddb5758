import type { AttemptChange, AttemptRecord, TransitionPayout, TransitionResult } from '@libs/payouts/application';
import { applySignal, isSettled, type PayoutSignal } from '@libs/payouts/domain';
import type { PayoutProvider, ProviderSignal } from '@libs/providers/contract';
import { planNextCheck } from '@libs/reconciliation/application';
import type { InboxRow } from './inbox-store.port';

export interface ApplyWebhookParams {
  row: InboxRow;
  provider: PayoutProvider;
  /** The attempt's payout id; its row is read under the lock (no read before the transaction). */
  payoutId: string;
  attempt: AttemptRecord;
  signal: ProviderSignal;
  providerId: string | undefined;
  /** What the confirming lookup said, when one was needed. */
  lookupEvidence?: Record<string, unknown>;
  now: Date;
  timeScale: number;
  lookAgainMs: number;
}

function attemptChangeFor(
  attempt: AttemptRecord,
  signal: ProviderSignal,
  providerId: string | undefined,
): AttemptChange {
  return {
    ...(attempt.providerId === null && providerId !== undefined ? { providerId } : {}),
    ...(isSettled(signal.status)
      ? { status: 'completed' as const }
      : attempt.status === 'submitting'
        ? { status: 'accepted' as const }
        : {}),
    // The attempt shows why it ended as the payout does (a completed attempt with no failure reads as a success).
    ...(signal.failure ? { failure: signal.failure } : {}),
  };
}

/**
 * Applies a webhook's signal through the state machine under the payout's row lock. Late, duplicate and
 * out-of-order events are recorded as not applied with their reason. A webhook restarts the poll schedule of the
 * status the payout ends in, from now. The payout is read as locked (TransitionPayout.decide): one transaction, no
 * read of the payout before it.
 */
export async function applyWebhook(
  transition: Pick<TransitionPayout, 'decide'>,
  params: ApplyWebhookParams,
): Promise<TransitionResult> {
  const { row, provider, attempt, signal, now } = params;
  const payoutSignal: PayoutSignal = {
    to: signal.status,
    source: `webhook:${provider.name}`,
    ...(signal.failure ? { failure: signal.failure } : {}),
    evidence: {
      inboxId: row.id,
      dedupeKey: row.dedupeKey,
      providerStatus: signal.providerStatus,
      ...(params.providerId !== undefined ? { providerId: params.providerId } : {}),
      ...(params.lookupEvidence ? { lookup: params.lookupEvidence } : {}),
    },
  };
  const result = await transition.decide(params.payoutId, async ({ payout }) => {
    // Predicted on the locked row; TransitionPayout decides on the same row and drops the check if terminal.
    const predicted = applySignal(payout, payoutSignal, now);
    const plan = planNextCheck({
      status: predicted.kind === 'applied' ? predicted.to : payout.status,
      capabilities: provider.capabilities,
      since: now,
      afterCheck: false,
      now,
      timeScale: params.timeScale,
      lookAgainMs: params.lookAgainMs,
    });
    return {
      signal: payoutSignal,
      options: {
        attemptUpdate: { attemptId: attempt.id, ...attemptChangeFor(attempt, signal, params.providerId) },
        ...(plan ? { nextCheckAt: plan.at } : {}),
      },
    };
  });
  // The decider always decides, so the transition always writes (and answers).
  if (!result) throw new Error(`no decision on payout ${params.payoutId}`);
  return result;
}
