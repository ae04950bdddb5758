import type { EntityManager } from 'typeorm';
import type { DailyUsageReader } from '../application';

/**
 * Minor units each provider took on the Europe/Istanbul calendar day of `now`: the `provider_daily_usage` row the
 * trigger on payout_attempts keeps (amounts of that day's attempts that are not rejected). One index lookup per
 * provider, whatever the day's volume; the day is `payout_limit_day`, the same SQL function the trigger uses.
 */
export class DailyUsageQuery implements DailyUsageReader {
  constructor(private readonly manager: EntityManager) {}

  async usedOn(now: Date, providers?: readonly string[]): Promise<ReadonlyMap<string, bigint>> {
    if (providers?.length === 0) return new Map();
    const rows: { provider: string; used: string }[] = await this.manager.query(
      `SELECT provider, used::text AS used FROM provider_daily_usage
       WHERE day = payout_limit_day($1) AND ($2::text[] IS NULL OR provider = ANY($2::text[]))`,
      [now, providers ?? null],
    );
    return new Map(rows.map((row) => [row.provider, BigInt(row.used)]));
  }
}
