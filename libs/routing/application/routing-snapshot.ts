import type { CircuitView, ProviderCatalog } from './provider-catalog.port';
import { providerStates, type ProviderStates } from './provider-states';
import type { DailyUsageReader, ProviderSettingsRows, RoutingRuleRows, StoredRoutingRule } from './routing-store.port';

export interface RoutingSnapshot extends ProviderStates {
  rules: StoredRoutingRule[];
}

export interface RoutingReads {
  rules: Pick<RoutingRuleRows, 'listLive'>;
  settings: Pick<ProviderSettingsRows, 'list'>;
  usage: DailyUsageReader;
}

/**
 * Everything a routing decision reads, fresh from Postgres on every call: an admin change applies to the next
 * decision of every process, with no cache to outlive it. Two small queries per decision, and a third (today's usage) when a provider has a daily limit.
 */
export class LoadRoutingSnapshot {
  constructor(
    private readonly reads: RoutingReads,
    private readonly catalog: ProviderCatalog,
    private readonly circuits: CircuitView,
  ) {}

  async execute(now: Date): Promise<RoutingSnapshot> {
    const [rules, settings, openCircuits] = await Promise.all([
      this.reads.rules.listLive(),
      this.reads.settings.list(),
      this.circuits.openCircuits(now),
    ]);
    // Today's usage matters only against a daily limit: without a limit set (the usual case) it is not read at all.
    const limited = settings.filter((row) => row.dailyLimit !== null).map((row) => row.provider);
    const dailyUsed = await this.reads.usage.usedOn(now, limited);
    const states = providerStates({ descriptions: this.catalog.list(), settings, dailyUsed, openCircuits });
    return { rules, ...states };
  }
}
