import { v7 as uuidv7 } from 'uuid';
import type { EntityManager } from 'typeorm';
import { creationStatusOf } from '../application';
import type {
  NewPayout,
  PayoutChange,
  PayoutListQuery,
  PayoutRecord,
  PayoutRows,
  PayoutVisibility,
} from '../application';
import type { PiiCipher } from './pii-cipher';
import {
  newPayoutValues,
  PAYOUT_COLUMNS,
  payoutChangeValues,
  payoutFilterSql,
  toPayoutRecord,
  type PayoutRow,
} from './payout.rows';

/** The payouts table. Full IBAN and national id are sealed on the way in and never selected on the way out. */
export class PayoutRepository implements PayoutRows {
  constructor(
    private readonly manager: EntityManager,
    private readonly cipher: PiiCipher,
  ) {}

  async insert(payout: NewPayout): Promise<PayoutRecord> {
    const id = uuidv7();
    await this.manager.query(
      `INSERT INTO payouts (id, client_id, status, version, amount, currency, beneficiary_name, iban_encrypted,
         iban_last4, bank_code, national_id_encrypted, customer, reference, description, metadata, requested_provider,
         next_check_at, created_at, updated_at, scheduled_for, approval)
       VALUES ($1, $2, $19, 1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, $17, $18)`,
      [id, payout.clientId, ...newPayoutValues(payout, this.cipher), creationStatusOf(payout)],
    );
    const created = await this.find(id);
    if (!created) throw new Error(`payout ${id} was not readable after its insert`);
    return created;
  }

  async find(id: string, visibility?: PayoutVisibility): Promise<PayoutRecord | undefined> {
    const ownerOnly = visibility !== undefined && !visibility.seesAllClients;
    const mine = visibility?.seesAwaitingApproval
      ? "AND (p.client_id = $2 OR p.status = 'awaiting_approval')"
      : 'AND p.client_id = $2';
    const rows: PayoutRow[] = await this.manager.query(
      `SELECT ${PAYOUT_COLUMNS} FROM payouts p WHERE p.id = $1 ${ownerOnly ? mine : ''}`,
      ownerOnly ? [id, visibility.clientId] : [id],
    );
    return rows[0] ? toPayoutRecord(rows[0]) : undefined;
  }

  async save(id: string, change: PayoutChange): Promise<void> {
    // TypeORM answers an UPDATE with [rows, count].
    const [updated]: [unknown[], number] = await this.manager.query(
      `UPDATE payouts SET status = $3, version = $4, failure = $5, provider = $6, routing = $7, next_check_at = $8,
         needs_attention = $9, contradiction = $10, updated_at = $11, completed_at = $12
       WHERE id = $1 AND version = $2
       RETURNING id`,
      [id, change.expectedVersion, ...payoutChangeValues(change)],
    );
    if (updated.length !== 1) {
      throw new Error(
        `payout ${id} is no longer at version ${change.expectedVersion}: it was changed without its row lock`,
      );
    }
  }

  async list(query: PayoutListQuery): Promise<PayoutRecord[]> {
    const { where, params } = payoutFilterSql(query);
    if (query.before) {
      params.push(query.before.createdAt, query.before.id);
      where.push(`(p.created_at, p.id) < ($${params.length - 1}, $${params.length}::uuid)`);
    }
    params.push(query.limit);
    const rows: PayoutRow[] = await this.manager.query(
      `SELECT ${PAYOUT_COLUMNS} FROM payouts p
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY p.created_at DESC, p.id DESC
       LIMIT $${params.length}`,
      params,
    );
    return rows.map(toPayoutRecord);
  }
}
