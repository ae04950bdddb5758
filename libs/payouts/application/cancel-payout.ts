import { plainTextProblem } from '@libs/platform/text';
import { DomainValidationError, PayoutError } from '../domain';
import type { PayoutVisibility } from './payout-record';
import type { PayoutStore } from './payout-store.port';
import { toPayoutView, type PayoutView } from './payout-view';
import type { TransitionPayout } from './transition-payout';

/** Who asks for a cancel, and what their key lets them do beyond their own payouts. */
export interface CancelRequester extends PayoutVisibility {
  /** `ops:write`: may change another client's payout, with a reason, audited. `ops:read` alone never grants it. */
  actsForAllClients: boolean;
}

export const CANCEL_REASON_MAX_LENGTH = 500;

/**
 * A cancel goes through the state machine like every other change: only `awaiting_approval`, `scheduled` and `pending` have the edge to
 * `canceled`, so a payout some provider may already have seen answers 409 (and the refusal is on its event log).
 *
 * A client cancels its own payouts (a reason is optional). Another client's payout is ops' business: it needs
 * `ops:write` and a reason, the event is an ops event (`ops:<client id>`) that shows the actor and the reason, and
 * an audit row commits with it, refused or not. A caller that cannot even see the payout gets 404 as for a missing
 * one; one that can see it (`ops:read`) but not change it gets 403, since hiding what it can read would be a lie.
 */
export class CancelPayout {
  constructor(
    private readonly store: PayoutStore,
    private readonly transition: TransitionPayout,
  ) {}

  async execute(payoutId: string, requester: CancelRequester, reasonInput?: unknown): Promise<PayoutView> {
    const payout = await this.store.payouts.find(payoutId);
    const isOwn = payout?.clientId === requester.clientId;
    const canSee = requester.seesAllClients || requester.actsForAllClients;
    if (!payout || (!isOwn && !canSee)) throw new PayoutError('not_found', `no payout ${payoutId}`);
    if (!isOwn && !requester.actsForAllClients) {
      throw new PayoutError('forbidden', "cancelling another client's payout needs the scope ops:write");
    }
    const reason = reasonOrThrow(reasonInput, !isOwn);
    const stated = reason === undefined ? {} : { evidence: { statedBy: requester.clientId, reason } };
    const { decision, payout: after } = await this.transition.apply(
      payoutId,
      isOwn
        ? { to: 'canceled', source: 'api', failure: { code: 'canceled', message: 'canceled by the client' }, ...stated }
        : {
            to: 'canceled',
            source: `ops:${requester.clientId}`,
            failure: { code: 'canceled', message: 'canceled by ops' },
            ...stated,
          },
      {
        actor: requester.clientId,
        ...(isOwn
          ? {}
          : {
              audit: {
                actorClientId: requester.clientId,
                action: 'payout.cancel',
                subjectType: 'payout',
                subjectId: payoutId,
                reason: reason ?? null,
                details: { owner: payout.clientId, from: payout.status },
              },
            }),
      },
    );
    if (decision.kind !== 'applied') {
      throw new PayoutError(
        'invalid_state',
        `a payout in status ${decision.from} cannot be canceled; only awaiting_approval, scheduled or pending ones can`,
      );
    }
    return toPayoutView(after);
  }
}

function reasonOrThrow(input: unknown, required: boolean): string | undefined {
  const text = typeof input === 'string' ? input.trim() : undefined;
  if (input !== undefined && input !== null && typeof input !== 'string') {
    throw new DomainValidationError([{ field: 'reason', message: 'must be a string' }]);
  }
  if (!text) {
    if (!required) return undefined;
    throw new DomainValidationError([
      { field: 'reason', message: "is required to cancel another client's payout: say why" },
    ]);
  }
  if (text.length > CANCEL_REASON_MAX_LENGTH) {
    throw new DomainValidationError([
      { field: 'reason', message: `must be at most ${CANCEL_REASON_MAX_LENGTH} characters` },
    ]);
  }
  const problem = plainTextProblem(text);
  if (problem) throw new DomainValidationError([{ field: 'reason', message: problem }]);
  return text;
}
