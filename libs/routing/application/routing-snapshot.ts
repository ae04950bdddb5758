import type { CircuitView, ProviderCatalog } from './provider-catalog.port';
import { providerStates, type ProviderStates } from './provider-states';
import type { DailyUsageReader, RoutingTablesReader, StoredRoutingRule } from './routing-store.port';

export interface RoutingSnapshot extends ProviderStates {
  rules: StoredRoutingRule[];
  /** False when the circuit view could not be read and `circuitsMayBeUnknown` let the snapshot count none open. */
  circuitsKnown: boolean;
}

export interface RoutingSnapshotOptions {
  /**
   * For an explanation only (the api): a circuit view that cannot be read counts no circuit open and says so, instead
   * of failing. A dispatch never sets it: it decides with its own breakers or not at all.
   */
  circuitsMayBeUnknown?: boolean;
}

export interface RoutingReads {
  tables: RoutingTablesReader;
  usage: DailyUsageReader;
}

/**
 * Everything a routing decision reads, fresh from Postgres on every call: an admin change applies to the next
 * decision of every process, with no cache to outlive it. One read of three small tables per decision (rules, settings,
 * balances), and a second (today's usage) when a provider has a daily limit.
 */
export class LoadRoutingSnapshot {
  constructor(
    private readonly reads: RoutingReads,
    private readonly catalog: ProviderCatalog,
    private readonly circuits: CircuitView,
    private readonly options: RoutingSnapshotOptions = {},
  ) {}

  async execute(now: Date): Promise<RoutingSnapshot> {
    const [{ rules, settings, balances }, circuits] = await Promise.all([
      this.reads.tables.read(),
      this.readCircuits(now),
    ]);
    const { openCircuits, circuitsKnown } = circuits;
    // Today's usage matters only against a daily limit: without a limit set (the usual case) it is not read at all.
    const limited = settings.filter((row) => row.dailyLimit !== null).map((row) => row.provider);
    const dailyUsed = await this.reads.usage.usedOn(now, limited);
    const states = providerStates({ descriptions: this.catalog.list(), settings, dailyUsed, openCircuits, balances });
    return { rules, ...states, circuitsKnown };
  }

  private async readCircuits(now: Date): Promise<{ openCircuits: ReadonlySet<string>; circuitsKnown: boolean }> {
    if (!this.options.circuitsMayBeUnknown)
      return { openCircuits: await this.circuits.openCircuits(now), circuitsKnown: true };
    try {
      return { openCircuits: await this.circuits.openCircuits(now), circuitsKnown: true };
    } catch {
      return { openCircuits: new Set(), circuitsKnown: false };
    }
  }
}
