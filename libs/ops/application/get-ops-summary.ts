import { IN_FLIGHT_STATUSES, PAYOUT_STATUSES, type InFlightStatus, type PayoutStatus } from '@libs/payouts/domain';
import type { OpsReadStore } from './ops-store.port';

/** Payouts that routing has not given a provider yet are counted under this name in `byProvider`. */
export const NO_PROVIDER = 'none';

export interface OpsSummary {
  byStatus: Record<PayoutStatus, number>;
  byProvider: Record<string, Partial<Record<PayoutStatus, number>>>;
  oldestAgeSeconds: Partial<Record<InFlightStatus, number>>;
  orphanWebhooks: number;
  needsAttention: number;
  contradictions: number;
}

/** GET /v1/ops/summary (api.md): counts by status and provider, the oldest age per live status, what needs a look. */
export class GetOpsSummary {
  constructor(private readonly store: OpsReadStore) {}

  async execute(now: Date): Promise<OpsSummary> {
    const counts = await this.store.summary();
    const byStatus = Object.fromEntries(PAYOUT_STATUSES.map((status) => [status, 0])) as Record<PayoutStatus, number>;
    const byProvider: OpsSummary['byProvider'] = {};
    for (const { status, provider, count } of counts.byStatusAndProvider) {
      byStatus[status] += count;
      const name = provider ?? NO_PROVIDER;
      byProvider[name] = { ...byProvider[name], [status]: (byProvider[name]?.[status] ?? 0) + count };
    }
    const oldestAgeSeconds: OpsSummary['oldestAgeSeconds'] = {};
    for (const { status, since } of counts.oldestSince) {
      if ((IN_FLIGHT_STATUSES as readonly string[]).includes(status)) {
        oldestAgeSeconds[status] = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 1000));
      }
    }
    return {
      byStatus,
      byProvider,
      oldestAgeSeconds,
      orphanWebhooks: counts.orphanWebhooks,
      needsAttention: counts.needsAttention,
      contradictions: counts.contradictions,
    };
  }
}
