import type { LoggerService } from '@nestjs/common';

/**
 * What Nest says at every start: "Starting Nest application", one "… dependencies initialized" per module instance,
 * one line per controller and route, "successfully started". About 120 lines between the api and the worker before
 * anything of ours; it says nothing that can differ between two starts of the same build.
 */
const FRAMEWORK_BOOT_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

/** Nest passes the context as the last argument of log(). */
const isFrameworkBoot = (params: unknown[]): boolean => {
  const context = params.at(-1);
  return typeof context === 'string' && FRAMEWORK_BOOT_CONTEXTS.has(context);
};

/** Nest's logger (nestjs-pino's) with the framework's start-up lines at debug instead of info; the rest untouched. */
export function withFrameworkBootAtDebug(logger: LoggerService): LoggerService {
  return {
    log: (message: unknown, ...params: unknown[]) =>
      isFrameworkBoot(params) && logger.debug ? logger.debug(message, ...params) : logger.log(message, ...params),
    error: (message: unknown, ...params: unknown[]) => logger.error(message, ...params),
    warn: (message: unknown, ...params: unknown[]) => logger.warn(message, ...params),
    debug: (message: unknown, ...params: unknown[]) => logger.debug?.(message, ...params),
    verbose: (message: unknown, ...params: unknown[]) => logger.verbose?.(message, ...params),
    fatal: (message: unknown, ...params: unknown[]) => logger.fatal?.(message, ...params),
  };
}
