import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { bootstrapProcess } from '@libs/manifest';
import { serveWorker } from './serve-worker';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const { config, logger } = bootstrapProcess('worker');
  const app = await NestFactory.create(WorkerModule.forRoot(logger), { bufferLogs: true });
  await serveWorker(app, config, logger);
}

main().catch((error: unknown) => {
  process.stderr.write(`worker failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
