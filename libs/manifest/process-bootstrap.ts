import { assertConfigOrExit, ConfigService, platformConfig, secretValues } from '@libs/platform/config';
import { createRootLogger } from '@libs/platform/logging';
import { resolvePientegraSettings } from '@libs/providers/pientegra/pientegra.config';
import { resolveSipaySettings } from '@libs/providers/sipay/sipay.config';
import type { Logger } from 'pino';
import { CONFIG_SLICES } from './config-slices';

/** Validates every slice (exit 1 with one line per problem), then builds the redacting root logger. */
export function bootstrapProcess(role: string): { config: ConfigService; logger: Logger } {
  assertConfigOrExit(CONFIG_SLICES);
  const config = new ConfigService(process.env);
  const platform = config.get(platformConfig);
  const logger = createRootLogger({
    name: platform.instanceName ?? role,
    level: platform.logLevel,
    secrets: secretValues(CONFIG_SLICES, process.env),
  });
  return { config, logger };
}

/** One start-up line per provider: enabled (and where it points) or disabled and why. */
export function logProviderStatus(config: ConfigService, logger: Logger): void {
  for (const [name, settings] of [
    ['pientegra', resolvePientegraSettings(config)],
    ['sipay', resolveSipaySettings(config)],
  ] as const) {
    if (settings.enabled)
      logger.info(
        { provider: name, sandbox: settings.usesSandbox },
        `provider ${name}: enabled${settings.usesSandbox ? ' (sandbox)' : ''}`,
      );
    else logger.warn({ provider: name }, `provider ${name}: disabled: ${settings.disabledReason}`);
  }
}
