/** What a notification says: `payout.<status>` for an applied change, this for a provider contradicting us. */
export const CONTRADICTION_NOTIFICATION_TYPE = 'payout.contradiction';

/** An applied change is `payout.<status>`; the event that first flagged a contradiction is `payout.contradiction`. */
export const notificationType = (event: { applied: boolean; to_status: string }): string =>
  event.applied ? `payout.${event.to_status}` : CONTRADICTION_NOTIFICATION_TYPE;

/** A batch's every item is final (decision 0012); sent once per batch, written with the batch's closing. */
export const BATCH_COMPLETED_NOTIFICATION_TYPE = 'batch.completed';
