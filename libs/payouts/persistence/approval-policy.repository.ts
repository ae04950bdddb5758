import { v7 as uuidv7 } from 'uuid';
import type { DataSource } from 'typeorm';
import type { ApprovalPolicyRows, ApprovalPolicyVersion, AwaitingApprovalRows, PayoutRecord } from '../application';
import type { ApprovalRule } from '../domain';
import { policyFromJson, ruleToJson, type ApprovalRuleJson } from './approval-policy.rows';
import { PAYOUT_COLUMNS, toPayoutRecord, type PayoutRow } from './payout.rows';

interface PolicyRow {
  version: number;
  rules: ApprovalRuleJson[];
  reason: string;
  actor_client_id: string;
  created_at: Date;
}

const NO_POLICY: ApprovalPolicyVersion = { version: 0, rules: [], setBy: null, reason: null, setAt: null };

const toVersion = (row: PolicyRow | undefined): ApprovalPolicyVersion =>
  row
    ? {
        ...policyFromJson({ version: row.version, rules: row.rules }),
        setBy: row.actor_client_id,
        reason: row.reason,
        setAt: row.created_at,
      }
    : NO_POLICY;

/** Serializes changes of the policy (two PUTs at once would both read the same current version). */
const POLICY_LOCK = `SELECT pg_advisory_xact_lock(hashtextextended('approval_policies', 0))`;

/** approval_policies on Postgres; each change with its audit row, in one transaction. */
export class ApprovalPolicyRepository implements ApprovalPolicyRows {
  constructor(private readonly dataSource: DataSource) {}

  async current(): Promise<ApprovalPolicyVersion> {
    const rows: PolicyRow[] = await this.dataSource.query(
      'SELECT * FROM approval_policies ORDER BY version DESC LIMIT 1',
    );
    return toVersion(rows[0]);
  }

  async unknownClients(clientIds: readonly string[]): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      'SELECT id::text AS id FROM clients WHERE id = ANY($1::uuid[])',
      [clientIds],
    );
    const known = new Set(rows.map((row) => row.id));
    return clientIds.filter((id) => !known.has(id));
  }

  replace(change: {
    rules: readonly ApprovalRule[];
    reason: string;
    actorClientId: string;
    now: Date;
  }): Promise<ApprovalPolicyVersion> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(POLICY_LOCK);
      const before: PolicyRow[] = await manager.query('SELECT * FROM approval_policies ORDER BY version DESC LIMIT 1');
      const version = (before[0]?.version ?? 0) + 1;
      const rules = change.rules.map(ruleToJson);
      const [row]: PolicyRow[] = await manager.query(
        `INSERT INTO approval_policies (version, rules, reason, actor_client_id, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING *`,
        [version, JSON.stringify(rules), change.reason, change.actorClientId, change.now],
      );
      await manager.query(
        `INSERT INTO audit_log (id, actor_client_id, action, subject_type, subject_id, reason, details, created_at)
         VALUES ($1, $2, 'approval_policy.updated', 'approval_policy', $3, $4, $5, $6)`,
        [
          uuidv7(),
          change.actorClientId,
          String(version),
          change.reason,
          JSON.stringify({
            before: before[0] ? { version: before[0].version, rules: before[0].rules } : null,
            after: { version, rules },
          }),
          change.now,
        ],
      );
      return toVersion(row);
    });
  }
}

/**
 * The approvals queue of single payouts: payouts_awaiting_approval_idx, oldest first. A batch's items are not in it:
 * they are decided with their batch (decision 0013; GET /v1/approvals/batches).
 */
export class AwaitingApprovalRepository implements AwaitingApprovalRows {
  constructor(private readonly dataSource: DataSource) {}

  async list(after: { createdAt: Date; id: string } | undefined, limit: number): Promise<PayoutRecord[]> {
    const rows: PayoutRow[] = await this.dataSource.query(
      `SELECT ${PAYOUT_COLUMNS} FROM payouts p
       WHERE p.status = 'awaiting_approval' AND p.batch_id IS NULL
         AND ($1::timestamptz IS NULL OR (p.created_at, p.id) > ($1::timestamptz, $2::uuid))
       ORDER BY p.created_at, p.id
       LIMIT $3`,
      [after?.createdAt ?? null, after?.id ?? null, limit],
    );
    return rows.map(toPayoutRecord);
  }
}
