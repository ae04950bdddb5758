import { assertConfigOrExit, ConfigService, platformConfig, secretValues } from '@libs/platform/config';
import { createRootLogger, logFormatOf } from '@libs/platform/logging';
import { createSandbox, describeSandboxRoutes, sandboxConfig, sandboxOptionsFromConfig } from '@libs/sandbox';

async function main(): Promise<void> {
  const slices = [platformConfig, sandboxConfig];
  assertConfigOrExit(slices);
  const config = new ConfigService(process.env);
  const logger = createRootLogger({
    name: config.get(platformConfig).instanceName ?? 'sandbox',
    level: config.get(platformConfig).logLevel,
    format: logFormatOf(config.get(platformConfig).logFormat),
    secrets: secretValues(slices, process.env),
  });
  const options = sandboxOptionsFromConfig(config);
  const sandbox = createSandbox({ ...options, logger });
  const { port, url } = await sandbox.listen();
  logger.info({ port, webhookTarget: options.webhookTarget }, `sandbox listening: ${describeSandboxRoutes(url)}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'sandbox stopping');
    void sandbox.close().then(() => process.exit(0));
  };
  // A signal sent to the process group arrives twice (directly and forwarded by npm).
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`sandbox failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
