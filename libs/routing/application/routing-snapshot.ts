import type { CircuitView, ProviderCatalog } from './provider-catalog.port';
import { providerStates, startOfUtcDay, type ProviderStates } from './provider-states';
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
 * decision of every process, with no cache to outlive it. Three small queries per decision.
 */
export class LoadRoutingSnapshot {
  constructor(
    private readonly reads: RoutingReads,
    private readonly catalog: ProviderCatalog,
    private readonly circuits: CircuitView,
  ) {}

  async execute(now: Date): Promise<RoutingSnapshot> {
    const [rules, settings, dailyUsed, openCircuits] = await Promise.all([
      this.reads.rules.listLive(),
      this.reads.settings.list(),
      this.reads.usage.usedSince(startOfUtcDay(now)),
      this.circuits.openCircuits(now),
    ]);
    const states = providerStates({ descriptions: this.catalog.list(), settings, dailyUsed, openCircuits });
    return { rules, ...states };
  }
}
