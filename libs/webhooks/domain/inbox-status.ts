/**
 * Where an inbox row stands. `received`: waiting to be applied (a job is on its way, or a lookup has not confirmed it
 * yet). `orphan`: authentic, but no attempt of ours matches it yet; retried, and applied if the payout appears.
 * `processed`: a decision was recorded on the payout's event log (applied or not, with its reason). `ignored`: not
 * about a payout (other event families, unknown event types). `unparseable`: authentic JSON we cannot read.
 * `contradiction`: the provider's lookup says otherwise; stored, not applied, the payout flagged for ops.
 * `unconfirmed`: the lookup never confirmed it within the retry period; the payout is flagged for ops.
 */
export const INBOX_STATUSES = [
  'received',
  'processed',
  'orphan',
  'ignored',
  'unparseable',
  'contradiction',
  'unconfirmed',
] as const;
export type InboxStatus = (typeof INBOX_STATUSES)[number];

/** Rows the sweeper still works on. */
export const WAITING_INBOX_STATUSES = ['received', 'orphan'] as const satisfies readonly InboxStatus[];
