import type { EntityManager } from 'typeorm';
import type { DailyUsageReader } from '../application';

/**
 * Minor units each provider took since `since`: amounts of its attempts that are not rejected (a rejected attempt
 * moved no money). One grouped query over the attempts created since then, joined to their payouts for the amount:
 * linear in the day's attempts of the providers asked about, which is why routing asks only for providers with a
 * daily limit.
 */
export class DailyUsageQuery implements DailyUsageReader {
  constructor(private readonly manager: EntityManager) {}

  async usedSince(since: Date, providers?: readonly string[]): Promise<ReadonlyMap<string, bigint>> {
    if (providers?.length === 0) return new Map();
    const rows: { provider: string; used: string }[] = await this.manager.query(
      `SELECT a.provider, SUM(p.amount)::text AS used
       FROM payout_attempts a JOIN payouts p ON p.id = a.payout_id
       WHERE a.created_at >= $1 AND a.status <> 'rejected' AND ($2::text[] IS NULL OR a.provider = ANY($2::text[]))
       GROUP BY a.provider`,
      [since, providers ?? null],
    );
    return new Map(rows.map((row) => [row.provider, BigInt(row.used)]));
  }
}
