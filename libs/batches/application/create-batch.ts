import { v7 as uuidv7 } from 'uuid';
import type { FieldError } from '@libs/platform/errors';
import type { Clock } from '@libs/platform/time';
import {
  newPayoutOrThrow,
  type ApprovalPolicyCache,
  type CreatePayoutInput,
  type CreatePayoutOptions,
  type NewPayout,
} from '@libs/payouts/application';
import { DomainValidationError, PayoutError, type ApprovalRecord, type MinorUnits } from '@libs/payouts/domain';
import {
  BatchInvalidError,
  currencyOf,
  duplicateReferenceErrors,
  initialBatchStatus,
  itemCountErrors,
  type BatchItemError,
} from '../domain';
import type { BatchRecord } from './batch-record';
import type { BatchIntake, BatchIntakeOutcome, NewBatchItem } from './batch-store.port';
import { toBatchView } from './batch-view';

/** One item as the request gave it, after the HTTP layer checked its shape (CreatePayoutDto + itemReference). */
export interface BatchItemCandidate {
  /** 0-based position among the items (CSV: among the data rows). */
  index: number;
  /** CSV only: the 1-based line the item starts on. */
  line?: number;
  /** The item's reference as sent, when it is a string (even an invalid one: it names the item in errors). */
  itemReference?: string;
  /** The item's currency as sent, when it is a currency code: the batch's currency is checked across items. */
  currency?: string;
  /** The item's body when its shape is valid; absent otherwise (`errors` says why). */
  input?: CreatePayoutInput;
  /** Shape problems, each field named as the request names it. */
  errors: FieldError[];
}

export interface BatchHeader {
  reference: string | null;
  description: string | null;
  metadata: Record<string, string>;
}

export interface CreateBatchCommand {
  clientId: string;
  idempotencyKey: string;
  /** What a replay compares: the same key with the same request hash answers the first answer again. */
  requestHash: string;
  header: BatchHeader;
  items: readonly BatchItemCandidate[];
  /**
   * Items past BATCH_MAX_ITEMS, counted but not read: the batch is refused for its size anyway, and reading them would
   * let a large body cost CPU up to BATCH_MAX_BYTES.
   */
  uncheckedItems?: number;
  /** Problems of the request as a whole (a wrong CSV header, a bad batch-level field). */
  requestErrors: readonly BatchItemError[];
  /** How an item's field is named in this request's errors (a CSV names `beneficiary.iban` by its column, `iban`). */
  fieldName?: (field: string) => string;
}

export interface CreateBatchResult {
  kind: 'created' | 'replayed';
  status: number;
  body: Record<string, unknown>;
}

/** A policy may change between two tries of one request; more than this many in a row is an error. */
const POLICY_TRIES = 3;

/**
 * An item as its batch's approval holds it: `awaiting_approval` with the batch's record, looked at again at the
 * deadline (the approval expiry job), when the batch needs approvals; as validated otherwise.
 */
function heldFor(item: NewBatchItem, approval: ApprovalRecord | null): NewBatchItem {
  if (approval === null) return item;
  return {
    ...item,
    status: 'awaiting_approval',
    payout: { ...item.payout, approval, nextCheckAt: new Date(approval.expiresAt) },
  };
}

export interface CreateBatchOptions {
  /** The rules of a single payout's body (PayoutsApiModule's createPayoutOptions). */
  payoutRules: CreatePayoutOptions;
  /** BATCH_MAX_ITEMS. */
  maxItems: number;
  /** The approval policy as last seen; the intake checks its version (decision 0013). */
  policies: ApprovalPolicyCache;
  /** APPROVAL_TIMEOUT, scaled: how long a batch may await approval before its items end `approval_expired`. */
  approvalTimeoutMs: number;
}

/**
 * Creates a batch once per (client, Idempotency-Key): every item is read with the rules of a single payout
 * (newPayoutOrThrow), then the checks across items (itemReference unique, one currency, the item count). Any problem
 * anywhere: `422 batch_invalid` listing every problem of every invalid item, and nothing is stored. A valid batch is
 * stored with all its items in one transaction (BatchIntake). As for payouts, the key is looked up even for a refused
 * body: the same key and body as a stored batch replays its answer, another body under a used key is 422
 * `idempotency_key_reused`.
 */
export class CreateBatch {
  constructor(
    private readonly intake: BatchIntake,
    private readonly clock: Clock,
    private readonly options: CreateBatchOptions,
  ) {}

  async execute(command: CreateBatchCommand): Promise<CreateBatchResult> {
    const now = this.clock.now();
    const validated = this.validate(command, now);
    if ('errors' in validated) {
      const stored = await this.intake.findStored(command.clientId, command.idempotencyKey);
      if (stored) return this.replay(stored, command.requestHash);
      throw new BatchInvalidError(validated.errors);
    }
    const { currency } = validated;
    let total = 0n;
    for (const item of validated.items) total += item.payout.amount;
    const totalAmount = total as MinorUnits;
    const id = uuidv7();
    for (let attempt = 1; ; attempt++) {
      // The status is decided on the policy this process knows; the intake checks its version in the transaction
      // that stores the batch and, when another is current, stores nothing and sends it back (as for a payout).
      const policy = this.options.policies.known();
      const initial = initialBatchStatus(
        { clientId: command.clientId, itemCount: validated.items.length, totalAmount, currency, createdAt: now },
        policy,
        this.options.approvalTimeoutMs,
      );
      const items = validated.items.map((item) => heldFor(item, initial.approval));
      const batch: BatchRecord = {
        id,
        clientId: command.clientId,
        status: initial.status,
        reference: command.header.reference,
        description: command.header.description,
        metadata: command.header.metadata,
        itemCount: items.length,
        totalAmount,
        currency,
        approval: initial.approval as unknown as Record<string, unknown> | null,
        createdAt: now,
        updatedAt: now,
        completedAt: null,
      };
      const counts: Partial<Record<NewBatchItem['status'], number>> = {};
      for (const item of items) counts[item.status] = (counts[item.status] ?? 0) + 1;
      const body = { ...toBatchView(batch, counts) };
      const outcome = await this.intake.createOnce({
        clientId: command.clientId,
        idempotencyKey: command.idempotencyKey,
        requestHash: command.requestHash,
        policyVersion: policy.version,
        create: { batch, items },
        body,
      });
      if (outcome.kind === 'policy_changed') {
        this.options.policies.learn(outcome.policy);
        if (attempt >= POLICY_TRIES) throw new Error(`the approval policy changed ${attempt} times during one intake`);
        continue;
      }
      return this.answer(outcome, command.requestHash);
    }
  }

  private answer(outcome: Exclude<BatchIntakeOutcome, { kind: 'policy_changed' }>, hash: string): CreateBatchResult {
    switch (outcome.kind) {
      case 'locked':
        throw new PayoutError(
          'idempotency_key_in_use',
          'a request with this Idempotency-Key is still running; retry later',
        );
      case 'stored':
        return this.replay(outcome, hash);
      case 'created':
        return { kind: 'created', status: 201, body: outcome.body };
    }
  }

  private replay(stored: { requestHash: string; status: number; body: Record<string, unknown> }, hash: string) {
    if (stored.requestHash !== hash) {
      throw new PayoutError('idempotency_key_reused', 'this Idempotency-Key was used with another request body');
    }
    return { kind: 'replayed' as const, status: stored.status, body: stored.body };
  }

  private validate(
    command: CreateBatchCommand,
    now: Date,
  ): { items: NewBatchItem[]; currency: string } | { errors: BatchItemError[] } {
    const name = command.fieldName ?? ((field: string) => field);
    const errors: BatchItemError[] = [...command.requestErrors];
    errors.push(...itemCountErrors(command.items.length + (command.uncheckedItems ?? 0), this.options.maxItems));
    const items: NewBatchItem[] = [];
    const itemErrors: BatchItemError[] = [];
    const errorOf = (candidate: BatchItemCandidate, problem: FieldError): BatchItemError => ({
      index: candidate.index,
      ...(candidate.itemReference !== undefined ? { itemReference: candidate.itemReference } : {}),
      ...(candidate.line !== undefined ? { line: candidate.line } : {}),
      field: name(problem.field),
      message: problem.message,
    });
    for (const candidate of command.items) {
      if (candidate.errors.length > 0 || candidate.input === undefined) {
        itemErrors.push(...candidate.errors.map((problem) => errorOf(candidate, problem)));
        continue;
      }
      let payout: NewPayout;
      try {
        payout = newPayoutOrThrow(command.clientId, candidate.input, now, this.options.payoutRules);
      } catch (error) {
        if (!(error instanceof DomainValidationError)) throw error;
        itemErrors.push(...error.errors.map((problem) => errorOf(candidate, problem)));
        continue;
      }
      // A pending item is due for the batch feeder at once (decision 0012): it has no dispatch job of its own, and the
      // feeder takes only items whose next_check_at has come (a scheduled one keeps its release time).
      if (payout.scheduledFor === null) payout = { ...payout, nextCheckAt: now };
      items.push({
        payout,
        itemReference: candidate.itemReference as string,
        status: payout.scheduledFor === null ? 'pending' : 'scheduled',
      });
    }
    itemErrors.push(...duplicateReferenceErrors(command.items));
    const { currency, errors: currencyErrors } = currencyOf(command.items);
    itemErrors.push(...currencyErrors.map((error) => ({ ...error, field: name(error.field) })));
    // Item by item, in the order of the request; each item's problems in the order they were found.
    itemErrors.sort((a, b) => (a.index ?? -1) - (b.index ?? -1));
    errors.push(...itemErrors);
    if (errors.length > 0 || currency === undefined) return { errors };
    return { items, currency };
  }
}
