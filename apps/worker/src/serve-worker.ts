import type { INestApplication } from '@nestjs/common';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { ConfigService, platformConfig } from '@libs/platform/config';
import { ProblemFilter } from '@libs/platform/http';
import { withFrameworkBootAtDebug } from '@libs/platform/logging';
import { closeOnSignals } from '@libs/platform/process';

/** Everything main.ts does to the worker app after creating it; the test worker (test/support) calls it too. */
export async function serveWorker(app: INestApplication, config: ConfigService, logger: Logger): Promise<void> {
  app.useLogger(withFrameworkBootAtDebug(app.get(NestPinoLogger)));
  app.useGlobalFilters(new ProblemFilter());
  // SIGTERM closes the BullMQ workers first: jobs in flight finish, unstarted ones stay in Redis for the next worker.
  closeOnSignals(app, logger);
  const { workerPort } = config.get(platformConfig);
  await app.listen(workerPort, '0.0.0.0');
  logger.info({ port: workerPort }, `worker running; health and metrics on http://127.0.0.1:${workerPort}`);
}
