import type { ApprovalPolicy } from '@libs/payouts/domain';
import type { NewPayout, PayoutRecord } from '@libs/payouts/application';
import type { BatchCounts, BatchRecord, BatchVisibility } from './batch-record';

/** One item of a valid batch, ready to store: an ordinary new payout, its status and its reference in the batch. */
export interface NewBatchItem {
  payout: NewPayout;
  itemReference: string;
  /** `pending`, or `scheduled` until its scheduledFor (as a single payout); `awaiting_approval` with its batch. */
  status: PayoutRecord['status'];
}

/** A valid batch, ready to store with all its items in one transaction. */
export interface NewBatch {
  batch: BatchRecord;
  items: NewBatchItem[];
}

/** The answer stored under an Idempotency-Key. */
export interface StoredAnswer {
  requestHash: string;
  status: number;
  body: Record<string, unknown>;
}

export interface BatchIntakeRequest {
  clientId: string;
  idempotencyKey: string;
  requestHash: string;
  /** The approval policy version the batch's status was decided on; another current one -> `policy_changed`. */
  policyVersion: number;
  create: NewBatch;
  /** The answer to store under the key and send: the batch as created. */
  body: Record<string, unknown>;
}

export type BatchIntakeOutcome =
  | { kind: 'locked' }
  | ({ kind: 'stored' } & StoredAnswer)
  | { kind: 'created'; body: Record<string, unknown> }
  | { kind: 'policy_changed'; policy: ApprovalPolicy };

/**
 * Stores a batch once per (client, Idempotency-Key), all or nothing: a lock on the key (held -> `locked`), the
 * stored answer (-> `stored`), or the batch, every item with its creation event (and notification), and the key's
 * answer in one transaction (-> `created`). The key namespace is the payouts' one.
 */
export interface BatchIntake {
  createOnce(request: BatchIntakeRequest): Promise<BatchIntakeOutcome>;
  /** The answer stored under the key, if any (read for a request whose body was refused). */
  findStored(clientId: string, idempotencyKey: string): Promise<StoredAnswer | undefined>;
}

/** A position in a newest-first list of batches. */
export interface BatchListPosition {
  createdAt: Date;
  id: string;
}

export interface BatchReads {
  find(id: string, visibility: BatchVisibility): Promise<BatchRecord | undefined>;
  counts(id: string): Promise<BatchCounts>;
  list(visibility: BatchVisibility, before: BatchListPosition | undefined, limit: number): Promise<BatchRecord[]>;
  /** Every client's batches awaiting approval (and not rejected), oldest first by (createdAt, id), after `after`. */
  awaitingApproval(after: BatchListPosition | undefined, limit: number): Promise<BatchRecord[]>;
  /** Items in creation order (the order of the request), after `afterId`, optionally in one status. */
  items(
    batchId: string,
    filter: { status?: PayoutRecord['status']; afterId?: string; limit: number },
  ): Promise<PayoutRecord[]>;
}

export const BATCH_INTAKE = Symbol('BATCH_INTAKE');
export const BATCH_READS = Symbol('BATCH_READS');
