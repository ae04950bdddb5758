import { assertConfigOrExit, ConfigService, platformConfig, secretValues } from '@libs/platform/config';
import { createRootLogger, logFormatOf } from '@libs/platform/logging';
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
    format: logFormatOf(platform.logFormat),
    secrets: secretValues(CONFIG_SLICES, process.env),
  });
  return { config, logger };
}
