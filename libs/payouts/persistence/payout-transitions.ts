import { v7 as uuidv7 } from 'uuid';
import { pgConnectionOf } from '@libs/platform/database';
import type { EntityManager } from 'typeorm';
import type { PoolClient } from 'pg';
import type {
  AttemptRecord,
  LockedPayoutRows,
  PayoutEventRecord,
  PayoutRecord,
  PayoutTransitionRows,
  TransitionWrite,
  TransitionWritten,
} from '../application';
import { VoteTakenError } from '../application';
import { attemptInsertError } from './attempt.repository';
import { openBeneficiary, type SealedBeneficiaryRow } from './beneficiary-vault';
import {
  asReadFromJsonb,
  jsonb,
  moneyMovementJson,
  payoutChangeValues,
  payoutEventValues,
  toAttemptRecord,
  toPayoutRecord,
  withPayoutChange,
  type AttemptRow,
  type PayoutRow,
} from './payout.rows';
import type { PiiCipher } from './pii-cipher';
import { sealRawAnswer } from './sealed-raw-answer';

/**
 * Named statements, prepared once per connection and then sent with no SQL text. The functions are in migration
 * 1796700000000, which says what each does and why a function; migration 1797350000000 has the lock return the batch,
 * money-movement and sealed beneficiary columns and the write set the money-movement ones, so a status change stays
 * two round trips.
 */
const LOCK = {
  name: 'lock_payout_for_transition',
  text: 'SELECT * FROM lock_payout_for_transition($1)',
};
const SETTLE_BATCH_ITEM = {
  name: 'settle_batch_item',
  text: 'SELECT * FROM settle_batch_item($1, $2, $3)',
};
const APPLY = {
  name: 'apply_payout_transition',
  text: `SELECT * FROM apply_payout_transition(${Array.from({ length: 51 }, (_, i) => `$${i + 1}`).join(', ')})`,
};

const ATTEMPT_PREFIX = 'attempt_';

/** An attempt's columns as both functions return them: `attempt_<column>`. */
type PrefixedAttemptRow = { [K in keyof AttemptRow as `attempt_${K}`]: AttemptRow[K] | null };

const attemptOf = (row: PrefixedAttemptRow): AttemptRecord | undefined =>
  row.attempt_id === null
    ? undefined
    : toAttemptRecord(
        Object.fromEntries(
          Object.entries(row)
            .filter(([column]) => column.startsWith(ATTEMPT_PREFIX))
            .map(([column, value]) => [column.slice(ATTEMPT_PREFIX.length), value]),
        ) as unknown as AttemptRow,
      );

/** The newest attempt's provider id, as PAYOUT_COLUMNS computes `provider_reference` (created_at, then id). */
const providerReferenceOf = (attempts: readonly Pick<AttemptRecord, 'id' | 'providerId' | 'createdAt'>[]) => {
  let newest: (typeof attempts)[number] | undefined;
  for (const attempt of attempts) {
    if (
      !newest ||
      attempt.createdAt.getTime() > newest.createdAt.getTime() ||
      (attempt.createdAt.getTime() === newest.createdAt.getTime() && attempt.id > newest.id)
    )
      newest = attempt;
  }
  return newest?.providerId ?? null;
};

/**
 * PayoutTransitionRows on Postgres: each method is one named prepared statement on the transaction's connection.
 * The payout after a write is computed here from the locked row and the change, as a re-read would return it (JSON
 * columns in the order jsonb gives them back), so the event's snapshot can be written in the same statement.
 */
export class PayoutTransitionRepository implements PayoutTransitionRows {
  constructor(
    private readonly manager: EntityManager,
    private readonly cipher: PiiCipher,
  ) {}

  async lock(payoutId: string): Promise<LockedPayoutRows | undefined> {
    const client = await this.connection();
    const { rows } = await client.query<PayoutRow & SealedBeneficiaryRow & PrefixedAttemptRow>({
      ...LOCK,
      values: [payoutId],
    });
    if (rows.length === 0) return undefined;
    const attempts = rows.map(attemptOf).filter((attempt) => attempt !== undefined);
    const { iban_encrypted, national_id_encrypted, ...payoutRow } = rows[0];
    const payout = toPayoutRecord({ ...payoutRow, provider_reference: providerReferenceOf(attempts) });
    const sealed = { beneficiary_name: payoutRow.beneficiary_name, iban_encrypted, national_id_encrypted };
    return { payout, attempts, beneficiary: () => openBeneficiary(this.cipher, sealed) };
  }

  async settleBatchItem(batchId: string, now: Date, openStatuses: readonly string[]): Promise<string | undefined> {
    const client = await this.connection();
    const { rows } = await client.query<{ batch_status: string }>({
      ...SETTLE_BATCH_ITEM,
      values: [batchId, now, [...openStatuses]],
    });
    return rows[0]?.batch_status;
  }

  async write(write: TransitionWrite): Promise<TransitionWritten> {
    const { locked, attemptUpdate, newAttempt, payoutChange: change, event, audit, now } = write;
    const current = locked.payout;
    const newAttemptId = newAttempt ? uuidv7() : null;

    // The payout as it will read: the row's new fields, and the provider reference of the newest attempt after the
    // attempt change and the new attempt.
    const afterAttempts = locked.attempts.map((attempt) =>
      attempt.id === attemptUpdate?.attemptId
        ? { ...attempt, providerId: attemptUpdate.providerId ?? attempt.providerId }
        : attempt,
    );
    if (newAttemptId !== null)
      afterAttempts.push({ id: newAttemptId, providerId: null, createdAt: now } as AttemptRecord);
    const payout: PayoutRecord = {
      ...(change ? withPayoutChange(current, change) : current),
      providerReference: providerReferenceOf(afterAttempts),
    };
    const snapshot = write.snapshot ? write.snapshot(payout) : null;
    const snapshotJson = jsonb(snapshot);

    const client = await this.connection();
    let row: { event_id: string } & PrefixedAttemptRow;
    try {
      ({
        rows: [row],
      } = await client.query<{ event_id: string } & PrefixedAttemptRow>({
        ...APPLY,
        values: [
          current.id,
          // The attempt change.
          attemptUpdate?.attemptId ?? null,
          attemptUpdate?.status ?? null,
          attemptUpdate?.providerId ?? null,
          attemptUpdate?.failure !== undefined,
          jsonb(attemptUpdate?.failure),
          jsonb(attemptUpdate?.lastRawAnswer && sealRawAnswer(this.cipher, attemptUpdate.lastRawAnswer)),
          attemptUpdate?.submittedAt ?? null,
          attemptUpdate?.polled === true,
          // The new attempt.
          newAttemptId,
          newAttempt?.provider ?? null,
          newAttempt?.reference ?? null,
          newAttempt ? (newAttempt.status ?? 'submitting') : null,
          newAttempt?.submittedAt ?? null,
          // The payout row.
          change?.expectedVersion ?? null,
          ...payoutChangeValues(change),
          // The event.
          ...payoutEventValues({ ...event, clientId: current.clientId }, snapshotJson),
          event.flagsContradiction ?? false,
          // The outbox.
          JSON.stringify([...write.eventMessages, ...write.messages]),
          write.eventMessages.length,
          // The audit entry.
          audit ? uuidv7() : null,
          audit?.actorClientId ?? null,
          audit?.action ?? null,
          audit?.subjectType ?? null,
          audit?.subjectId ?? null,
          audit?.reason ?? null,
          audit ? JSON.stringify(audit.details ?? {}) : null,
          now,
          // The approval record and the vote.
          jsonb(change?.approval),
          jsonb(write.vote),
          // The money-movement fields the change sets, in the same UPDATE of the payout.
          moneyMovementJson(change),
          // The new attempt's first send, claimed as it is inserted.
          newAttempt?.firstSendClaimedAt ?? null,
        ],
      }));
    } catch (error) {
      if (write.vote && isVoteTaken(error)) throw new VoteTakenError(current.id, write.vote.clientId);
      throw newAttempt ? attemptInsertError(error, current.id, newAttempt.provider) : error;
    }
    const written: PayoutEventRecord = {
      id: row.event_id,
      payoutId: current.id,
      clientId: current.clientId,
      version: event.version,
      from: event.from,
      to: event.to,
      source: event.source,
      actor: event.actor,
      evidence: asReadFromJsonb(event.evidence ?? null),
      applied: event.applied,
      flagsContradiction: event.flagsContradiction ?? false,
      reason: event.reason,
      detail: event.detail,
      // A json column (not jsonb): it reads back as the text written.
      snapshot: snapshotJson === null ? null : (JSON.parse(snapshotJson) as Record<string, unknown>),
      createdAt: now,
    };
    const attempt = attemptOf(row);
    return { payout, event: written, ...(attempt ? { attempt } : {}) };
  }

  /** The transaction's own connection: TypeORM's `query` cannot name a statement. */
  private async connection(): Promise<PoolClient> {
    if (!this.manager.queryRunner) throw new Error('a payout transition runs inside UnitOfWork.run only');
    return (await pgConnectionOf(this.manager)) as PoolClient;
  }
}

/** payout_approvals_pkey refused the vote: the client has decided on this payout already. */
const isVoteTaken = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  (error as { code?: string }).code === '23505' &&
  (error as { constraint?: string }).constraint === 'payout_approvals_pkey';
