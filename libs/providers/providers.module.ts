import { Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import type { ProviderEntry } from './contract/provider-registration';
import { ProviderRegistry } from './provider-registry';
import { PROVIDER_REGISTRATIONS } from './registry';

/**
 * One start-up line per provider, in every process that has providers: `provider <name>: enabled (sandbox)` at info,
 * `provider <name>: disabled: <NAME>_API_BASE, ... not set` at warn (variable names only, never a value).
 */
class ProviderStartupLog implements OnApplicationBootstrap {
  constructor(private readonly registry: ProviderRegistry) {}
  onApplicationBootstrap(): void {
    const logger = new Logger('Providers');
    const lines = this.registry.startupLines();
    this.registry.all().forEach(({ status }, i) => {
      if (status.enabled) logger.log(`provider ${lines[i]}`);
      else logger.warn(`provider ${lines[i]}`);
    });
  }
}

/**
 * Imports every registered provider's module and exports the `ProviderRegistry` built from their entries. Needs the
 * global `ConfigService` and `REDIS` (PlatformModule).
 */
@Module({
  imports: PROVIDER_REGISTRATIONS.map((registration) => registration.module),
  providers: [
    {
      provide: ProviderRegistry,
      inject: PROVIDER_REGISTRATIONS.map((registration) => registration.entryToken),
      useFactory: (...entries: ProviderEntry[]) => new ProviderRegistry(entries),
    },
    {
      provide: ProviderStartupLog,
      inject: [ProviderRegistry],
      useFactory: (registry: ProviderRegistry) => new ProviderStartupLog(registry),
    },
  ],
  exports: [ProviderRegistry],
})
export class ProvidersModule {}
