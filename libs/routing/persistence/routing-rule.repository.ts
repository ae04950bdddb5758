import { v7 as uuidv7 } from 'uuid';
import type { EntityManager } from 'typeorm';
import {
  ruleMatchFromJson,
  ruleMatchToJson,
  type RoutingRule,
  type RoutingRuleDraft,
  type RuleMatchJson,
} from '../domain';
import type { RoutingRuleRows, StoredRoutingRule } from '../application';

/** A rule as Postgres returns it: the match as JSON, the timestamps under their column names. */
export type RuleRow = Omit<RoutingRule, 'match'> & {
  match: RuleMatchJson;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
};

export const toRule = (row: RuleRow): StoredRoutingRule => ({
  id: row.id,
  name: row.name,
  priority: row.priority,
  enabled: row.enabled,
  match: ruleMatchFromJson(row.match),
  targets: row.targets,
  fallback: row.fallback,
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  deletedAt: row.deleted_at,
});

const draftParams = (draft: RoutingRuleDraft): unknown[] => [
  draft.name,
  draft.priority,
  draft.enabled,
  JSON.stringify(ruleMatchToJson(draft.match)),
  JSON.stringify(draft.targets.map(({ provider, weight }) => ({ provider, weight }))),
  [...draft.fallback],
];

/** The rules routing applies, in the order it tries them. */
export const LIVE_RULES_SQL = 'SELECT * FROM routing_rules WHERE deleted_at IS NULL ORDER BY priority, id';

/** routing_rules. Versions are bumped by the UPDATE itself, so two admins cannot both write version n + 1. */
export class RoutingRuleRepository implements RoutingRuleRows {
  constructor(private readonly manager: EntityManager) {}

  async listLive(): Promise<StoredRoutingRule[]> {
    const rows: RuleRow[] = await this.manager.query(LIVE_RULES_SQL);
    return rows.map(toRule);
  }

  find(id: string): Promise<StoredRoutingRule | undefined> {
    return this.one('SELECT * FROM routing_rules WHERE id = $1', [id]);
  }

  lock(id: string): Promise<StoredRoutingRule | undefined> {
    return this.one('SELECT * FROM routing_rules WHERE id = $1 FOR UPDATE', [id]);
  }

  async insert(draft: RoutingRuleDraft, now: Date): Promise<StoredRoutingRule> {
    const rows: RuleRow[] = await this.manager.query(
      `INSERT INTO routing_rules (id, name, priority, enabled, match, targets, fallback, version, created_at, updated_at)
       VALUES ($7, $1, $2, $3, $4, $5, $6, 1, $8, $8)
       RETURNING *`,
      [...draftParams(draft), uuidv7(), now],
    );
    return toRule(rows[0]);
  }

  async replace(id: string, draft: RoutingRuleDraft, now: Date): Promise<StoredRoutingRule> {
    return this.updated(
      `UPDATE routing_rules SET name = $1, priority = $2, enabled = $3, match = $4, targets = $5, fallback = $6,
         version = version + 1, updated_at = $8
       WHERE id = $7 RETURNING *`,
      [...draftParams(draft), id, now],
      id,
    );
  }

  softDelete(id: string, now: Date): Promise<StoredRoutingRule> {
    return this.updated(
      `UPDATE routing_rules SET deleted_at = $2, updated_at = $2, version = version + 1 WHERE id = $1 RETURNING *`,
      [id, now],
      id,
    );
  }

  private async one(sql: string, params: unknown[]): Promise<StoredRoutingRule | undefined> {
    const rows: RuleRow[] = await this.manager.query(sql, params);
    return rows[0] ? toRule(rows[0]) : undefined;
  }

  private async updated(sql: string, params: unknown[], id: string): Promise<StoredRoutingRule> {
    // TypeORM answers an UPDATE with [rows, count].
    const [rows]: [RuleRow[], number] = await this.manager.query(sql, params);
    if (!rows[0]) throw new Error(`routing rule ${id} vanished inside its own transaction`);
    return toRule(rows[0]);
  }
}
