import type { ReviewRelease } from '../scenarios/scenario.table';
import type { Transfer, TransferStatus } from '../store/transfer';

export type ReleaseResult =
  { kind: 'released'; transfer: Transfer } | { kind: 'not_found' } | { kind: 'not_in_review'; status: TransferStatus };

/**
 * Many recorded transfers at once, for benchmarks of the reconciliation listings: `count` transfers with references
 * `<referencePrefix><index>`, spread evenly over [createdFrom, createdTo), all with `status`, no webhooks. The amount
 * picks the scenario as usual (only the listing changes of 95 and 96 matter to a seeded transfer).
 */
export interface SeedSpec {
  count: number;
  referencePrefix: string;
  amountMinor: bigint;
  createdFrom: Date;
  createdTo: Date;
  status: TransferStatus;
}

/** The beneficiary of every seeded transfer (the README's example IBAN). */
export const SEEDED_IBAN = 'TR320010009999901234567890';
export const SEEDED_HOLDER = 'Seeded Beneficiary';

/** The creation time of seeded transfer `index` of `spec`. */
export const seededAt = (spec: SeedSpec, index: number): Date => {
  const spanMs = spec.createdTo.getTime() - spec.createdFrom.getTime();
  return new Date(spec.createdFrom.getTime() + Math.floor((spanMs * index) / spec.count));
};

/** What the control API asks of each provider's emulator. */
export interface ProviderEmulator {
  /** Ends an operator / manual review (scenarios 13 and 14); without an outcome the scenario's default applies. */
  release(reference: string, outcome?: ReviewRelease): ReleaseResult;
  /** Sends the transfer's webhooks so far again; undefined when no such transfer was recorded. */
  redeliver(reference: string): number | undefined;
  /** The transfers of a seed (the control API records them); nothing is sent anywhere. */
  seed(spec: SeedSpec): Transfer[];
  /** Forgets everything the emulator remembers beside the transfer store (idempotency keys, first-request marks). */
  reset(): void;
}
