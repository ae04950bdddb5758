import type { ProviderRegistry } from '@libs/providers';
import type { ProviderCatalog, ProviderDescription } from '../application';

/** The registered adapters as routing sees them: what each declares it can take, and whether it is configured. */
export function providerRegistryCatalog(registry: ProviderRegistry): ProviderCatalog {
  const descriptions: ProviderDescription[] = registry.all().map(({ name, status, provider }) => ({
    name,
    isConfigured: status.enabled,
    ...(status.disabledReason !== undefined ? { disabledReason: status.disabledReason } : {}),
    usesSandbox: status.usesSandbox,
    currencies: provider.capabilities.currencies,
    ibanCountries: provider.capabilities.ibanCountries,
    requiresNationalId: provider.capabilities.requiresNationalId,
    minAmount: provider.capabilities.minAmount,
    maxAmount: provider.capabilities.maxAmount,
  }));
  return { list: () => descriptions };
}
