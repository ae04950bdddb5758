import {
  judgeWebhookByLookup,
  type LookupOutcome,
  type PayoutProvider,
  type ProviderSignal,
  type SubmitRequest,
} from '@libs/providers/contract';

export type Confirmation =
  | { kind: 'confirmed'; evidence: Record<string, unknown> }
  /** The provider's record does not show it yet (or could not be read): ask again later. */
  | { kind: 'not_yet'; evidence: Record<string, unknown> }
  /** The provider's record says otherwise: store, do not apply, flag for ops. */
  | { kind: 'contradicted'; evidence: Record<string, unknown> }
  /** Past its consistency window the provider has no record of the transfer at all. */
  | { kind: 'no_record'; evidence: Record<string, unknown> };

function evidenceOf(outcome: LookupOutcome): Record<string, unknown> {
  switch (outcome.kind) {
    case 'found':
      return { lookup: 'found', providerStatus: outcome.signal.providerStatus, providerId: outcome.providerId };
    case 'not_found':
      return { lookup: 'not_found', provesNotExecuted: outcome.provesNotExecuted };
    case 'unavailable':
    case 'unparseable':
      return { lookup: outcome.kind, reason: outcome.reason };
  }
}

/**
 * For providers whose webhooks are only hints (they sign nothing): a terminal signal is applied only once the
 * provider's own lookup agrees (completed -> 1, rejected -> 2/3, returned -> a record that was completed).
 */
export async function confirmByLookup(
  provider: PayoutProvider,
  request: SubmitRequest,
  signal: ProviderSignal,
): Promise<Confirmation> {
  const outcome = await provider.lookup(request);
  const evidence = evidenceOf(outcome);
  if (outcome.kind === 'not_found') {
    // A record that provably never existed cannot have completed or been returned; whether a failure about it is a
    // contradiction depends on what we know of the attempt (ProcessWebhook decides).
    return outcome.provesNotExecuted ? { kind: 'no_record', evidence } : { kind: 'not_yet', evidence };
  }
  if (outcome.kind !== 'found') return { kind: 'not_yet', evidence };
  const verdict = judgeWebhookByLookup(signal.status, outcome.signal.status);
  return { kind: verdict, evidence };
}
