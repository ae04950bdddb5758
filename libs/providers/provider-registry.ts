import type { PayoutProvider, ProviderName } from './contract/payout-provider';
import type { ProviderEntry, ProviderStatus } from './contract/provider-registration';

export class UnknownProviderError extends Error {
  override readonly name = 'UnknownProviderError';
  constructor(readonly providerName: string) {
    super(`no provider named "${providerName}" is registered`);
  }
}

/** The registered providers, by name. Routing, webhooks, the poller and ops ask it; none of them names a provider. */
export class ProviderRegistry {
  private readonly byName = new Map<ProviderName, ProviderEntry>();

  constructor(entries: readonly ProviderEntry[]) {
    for (const entry of entries) {
      if (this.byName.has(entry.name)) throw new Error(`provider "${entry.name}" is registered twice`);
      this.byName.set(entry.name, entry);
    }
  }

  /** The adapter, enabled or not (a disabled provider still has payouts in flight to look up). Throws when unknown. */
  get(name: ProviderName): PayoutProvider {
    const entry = this.byName.get(name);
    if (!entry) throw new UnknownProviderError(name);
    return entry.provider;
  }

  find(name: ProviderName): PayoutProvider | undefined {
    return this.byName.get(name)?.provider;
  }

  has(name: ProviderName): boolean {
    return this.byName.has(name);
  }

  names(): ProviderName[] {
    return [...this.byName.keys()];
  }

  all(): readonly ProviderEntry[] {
    return [...this.byName.values()];
  }

  enabled(): readonly ProviderEntry[] {
    return this.all().filter((entry) => entry.status.enabled);
  }

  isEnabled(name: ProviderName): boolean {
    return this.byName.get(name)?.status.enabled ?? false;
  }

  status(name: ProviderName): ProviderStatus {
    const entry = this.byName.get(name);
    if (!entry) throw new UnknownProviderError(name);
    return entry.status;
  }

  /** One line per provider for the start-up log: "<name>: enabled (sandbox)", "<name>: disabled: <VARIABLE> not set". */
  startupLines(): string[] {
    return this.all().map(({ name, status }) =>
      status.enabled
        ? `${name}: enabled${status.usesSandbox ? ' (sandbox)' : ''}`
        : `${name}: disabled: ${status.disabledReason ?? 'not configured'}`,
    );
  }
}
