import type { FieldError } from '@libs/platform/errors';
import type { Clock } from '@libs/platform/time';
import { reasonOrThrow, type AdminCommand } from './admin-command';
import type { ProviderCatalog, ProviderDescription, ProviderHealthReader } from './provider-catalog.port';
import type { ProviderBalanceRows, StoredProviderBalance } from './provider-balances.port';
import { RoutingError } from './routing-error';
import type {
  DailyUsageReader,
  ProviderSettings,
  ProviderSettingsChange,
  ProviderSettingsRows,
  RoutingUnitOfWork,
} from './routing-store.port';
import { toProviderView, type ProviderView } from './routing-views';

/** PATCH /v1/providers/{name}: absent fields stay; null clears a limit back to the adapter's own. */
export type ProviderSettingsPatch = Partial<ProviderSettingsChange>;

export const defaultSettings = (provider: string): ProviderSettings => ({
  provider,
  enabled: true,
  drain: false,
  minAmount: null,
  maxAmount: null,
  dailyLimit: null,
  lowBalanceThreshold: null,
  version: 0,
  updatedAt: null,
});

/** Admin limits may narrow what the adapter takes, never widen it: the provider would refuse the rest anyway. */
function limitProblems(description: ProviderDescription, settings: ProviderSettingsChange): FieldError[] {
  const problems: FieldError[] = [];
  const { minAmount, maxAmount } = description;
  if (settings.minAmount !== null && minAmount !== undefined && settings.minAmount < minAmount) {
    problems.push({ field: 'minAmount', message: `must not be below the provider's own minimum ${minAmount}` });
  }
  if (settings.maxAmount !== null && maxAmount !== undefined && settings.maxAmount > maxAmount) {
    problems.push({ field: 'maxAmount', message: `must not be above the provider's own maximum ${maxAmount}` });
  }
  const effectiveMin = settings.minAmount ?? minAmount;
  const effectiveMax = settings.maxAmount ?? maxAmount;
  if (effectiveMin !== undefined && effectiveMax !== undefined && effectiveMin > effectiveMax) {
    problems.push({ field: 'minAmount', message: `must not exceed the maximum ${effectiveMax}` });
  }
  return problems;
}

/** GET and PATCH of provider settings, with health; every change is audited in its transaction. */
export class ManageProviders {
  constructor(
    private readonly unitOfWork: RoutingUnitOfWork,
    private readonly reads: {
      settings: Pick<ProviderSettingsRows, 'list'>;
      usage: DailyUsageReader;
      balances: Pick<ProviderBalanceRows, 'list'>;
    },
    private readonly catalog: ProviderCatalog,
    private readonly health: ProviderHealthReader,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<ProviderView[]> {
    const now = this.clock.now();
    const [settings, usage, balances] = await Promise.all([
      this.reads.settings.list(),
      this.reads.usage.usedOn(now),
      this.reads.balances.list(),
    ]);
    const byName = new Map(settings.map((row) => [row.provider, row]));
    const balanceOf = new Map(balances.map((row) => [row.provider, row]));
    return Promise.all(
      this.catalog
        .list()
        .map(async (description) =>
          toProviderView(
            description,
            byName.get(description.name) ?? defaultSettings(description.name),
            usage.get(description.name) ?? 0n,
            await this.health.read(description.name, now),
            balanceOf.get(description.name),
          ),
        ),
    );
  }

  async update(name: string, patch: ProviderSettingsPatch, command: AdminCommand): Promise<ProviderView> {
    const reason = reasonOrThrow(command.reason);
    const description = this.catalog.list().find((provider) => provider.name === name);
    if (!description) throw new RoutingError('not_found', `provider ${name} is not registered`);
    if (Object.values(patch).every((value) => value === undefined)) {
      throw RoutingError.invalid([
        {
          field: 'body',
          message: 'give at least one of enabled, drain, minAmount, maxAmount, dailyLimit, lowBalanceThreshold',
        },
      ]);
    }
    const saved = await this.unitOfWork.run(async (store) => {
      const before = (await store.settings.lock(name)) ?? defaultSettings(name);
      const change: ProviderSettingsChange = {
        enabled: patch.enabled ?? before.enabled,
        drain: patch.drain ?? before.drain,
        minAmount: patch.minAmount === undefined ? before.minAmount : patch.minAmount,
        maxAmount: patch.maxAmount === undefined ? before.maxAmount : patch.maxAmount,
        dailyLimit: patch.dailyLimit === undefined ? before.dailyLimit : patch.dailyLimit,
        lowBalanceThreshold:
          patch.lowBalanceThreshold === undefined ? before.lowBalanceThreshold : patch.lowBalanceThreshold,
      };
      const problems = limitProblems(description, change);
      if (problems.length > 0) throw RoutingError.invalid(problems);
      const now = this.clock.now();
      const after = await store.settings.save(name, change, now);
      await store.audit.write(
        {
          actorClientId: command.actorClientId,
          action: 'provider_settings.updated',
          subjectType: 'provider',
          subjectId: name,
          reason,
          details: { before: settingsDetails(before), after: settingsDetails(after) },
        },
        now,
      );
      return after;
    });
    const now = this.clock.now();
    const [usage, balances] = await Promise.all([this.reads.usage.usedOn(now), this.reads.balances.list()]);
    const balance: StoredProviderBalance | undefined = balances.find((row) => row.provider === name);
    return toProviderView(description, saved, usage.get(name) ?? 0n, await this.health.read(name, now), balance);
  }
}

const settingsDetails = (settings: ProviderSettings): Record<string, unknown> => ({
  enabled: settings.enabled,
  drain: settings.drain,
  minAmount: settings.minAmount?.toString() ?? null,
  maxAmount: settings.maxAmount?.toString() ?? null,
  dailyLimit: settings.dailyLimit?.toString() ?? null,
  lowBalanceThreshold: settings.lowBalanceThreshold?.toString() ?? null,
  version: settings.version,
});
