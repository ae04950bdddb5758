import type { EntityManager } from 'typeorm';
import type { DailyUsageReader } from '../application';

/**
 * Minor units each provider took since `since`: amounts of its attempts that are not rejected (a rejected attempt
 * moved no money). One grouped query over the attempts created since then, joined to their payouts for the amount.
 */
export class DailyUsageQuery implements DailyUsageReader {
  constructor(private readonly manager: EntityManager) {}

  async usedSince(since: Date): Promise<ReadonlyMap<string, bigint>> {
    const rows: { provider: string; used: string }[] = await this.manager.query(
      `SELECT a.provider, SUM(p.amount)::text AS used
       FROM payout_attempts a JOIN payouts p ON p.id = a.payout_id
       WHERE a.created_at >= $1 AND a.status <> 'rejected'
       GROUP BY a.provider`,
      [since],
    );
    return new Map(rows.map((row) => [row.provider, BigInt(row.used)]));
  }
}
