import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { bootstrapProcess } from '@libs/manifest';
import { platformConfig } from '@libs/platform/config';
import { ProblemFilter } from '@libs/platform/http';
import { withFrameworkBootAtDebug } from '@libs/platform/logging';
import { closeOnSignals } from '@libs/platform/process';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const { config, logger } = bootstrapProcess('worker');
  const app = await NestFactory.create(WorkerModule.forRoot(logger), { bufferLogs: true });
  app.useLogger(withFrameworkBootAtDebug(app.get(Logger)));
  app.useGlobalFilters(new ProblemFilter());
  // SIGTERM closes the BullMQ workers first: jobs in flight finish, unstarted ones stay in Redis for the next worker.
  closeOnSignals(app, logger);
  const { workerPort } = config.get(platformConfig);
  await app.listen(workerPort, '0.0.0.0');
  logger.info({ port: workerPort }, `worker running; health and metrics on http://127.0.0.1:${workerPort}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`worker failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
