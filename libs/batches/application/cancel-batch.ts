import { inLanes } from '@libs/platform/async';
import { PAYOUT_STATUSES, DomainValidationError } from '@libs/payouts/domain';
import type { TransitionPayout } from '@libs/payouts/application';
import type { BatchVisibility } from './batch-record';
import type { BatchView } from './batch-view';

/** Items a batch cancel cancels: the ones no provider has been asked to pay yet. Every other item goes on. */
export const BATCH_CANCELABLE_STATUSES: readonly string[] = ['awaiting_approval', 'scheduled', 'pending'].filter(
  (status) => (PAYOUT_STATUSES as readonly string[]).includes(status),
);

export const BATCH_CANCEL_REASON_MAX_LENGTH = 500;

export interface BatchCancelRows {
  /** One set-based read: the ids of the batch's items in `statuses`. */
  itemsIn(batchId: string, statuses: readonly string[]): Promise<string[]>;
}

/** The batch as the API shows it (ReadBatches.get): not found unless visible to `visibility`. */
export interface BatchLookup {
  get(id: string, visibility: BatchVisibility): Promise<BatchView>;
}

export interface CancelBatchResult {
  batch: BatchView;
  /** Items this call canceled (0 on a second cancel). */
  canceled: number;
}

/**
 * `POST /v1/payout-batches/{id}/cancel` (programs.md "Batches", decision 0012): cancels every item still awaiting
 * approval, scheduled or pending, each through TransitionPayout (its event, notification and the batch's closing in its
 * own transaction), deciding under the item's row lock, so an item dispatch took meanwhile is left to finish. The
 * batch stays open until its in-flight items are final; the last one closes it. A second cancel finds nothing left
 * to cancel and answers the batch as it is. Another client's batch is not found.
 */
export class CancelBatch {
  constructor(
    private readonly rows: BatchCancelRows,
    private readonly batches: BatchLookup,
    private readonly transition: TransitionPayout,
    private readonly options: { concurrency: number },
  ) {}

  async execute(batchId: string, clientId: string, reasonInput?: unknown): Promise<CancelBatchResult> {
    // Only the client's own batch: another client's is not found (even for a key that may read every client's).
    const visibility = { clientId, seesAllClients: false };
    await this.batches.get(batchId, visibility);
    const reason = reasonOrThrow(reasonInput);
    const itemIds = await this.rows.itemsIn(batchId, BATCH_CANCELABLE_STATUSES);
    let canceled = 0;
    await inLanes(itemIds, this.options.concurrency, async (payoutId) => {
      const result = await this.transition.decide(payoutId, async ({ payout }) => {
        if (!BATCH_CANCELABLE_STATUSES.includes(payout.status)) return undefined;
        return {
          signal: {
            to: 'canceled',
            source: 'api',
            failure: { code: 'canceled', message: 'canceled with its batch' },
            evidence: { batchCancel: batchId, ...(reason === undefined ? {} : { statedBy: clientId, reason }) },
          },
          options: { actor: clientId },
        };
      });
      if (result?.decision.kind === 'applied') canceled += 1;
    });
    return { batch: await this.batches.get(batchId, visibility), canceled };
  }
}

function reasonOrThrow(input: unknown): string | undefined {
  if (input === undefined || input === null) return undefined;
  if (typeof input !== 'string') throw new DomainValidationError([{ field: 'reason', message: 'must be a string' }]);
  const text = input.trim();
  if (text.length > BATCH_CANCEL_REASON_MAX_LENGTH) {
    throw new DomainValidationError([
      { field: 'reason', message: `must be at most ${BATCH_CANCEL_REASON_MAX_LENGTH} characters` },
    ]);
  }
  return text === '' ? undefined : text;
}
