import type { ReviewRelease } from '../scenarios/scenario.table';
import type { Transfer, TransferStatus } from '../store/transfer';

export type ReleaseResult =
  { kind: 'released'; transfer: Transfer } | { kind: 'not_found' } | { kind: 'not_in_review'; status: TransferStatus };

/** What the control API asks of each provider's emulator. */
export interface ProviderEmulator {
  /** Ends an operator / manual review (scenarios 13 and 14); without an outcome the scenario's default applies. */
  release(reference: string, outcome?: ReviewRelease): ReleaseResult;
  /** Sends the transfer's webhooks so far again; undefined when no such transfer was recorded. */
  redeliver(reference: string): number | undefined;
  /** Forgets everything the emulator remembers beside the transfer store (idempotency keys, first-request marks). */
  reset(): void;
}
