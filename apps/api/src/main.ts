import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { bootstrapProcess, logProviderStatus } from '@libs/manifest';
import { platformConfig } from '@libs/platform/config';
import { createValidationPipe, ProblemFilter } from '@libs/platform/http';
import { closeOnSignals } from '@libs/platform/process';
import { ApiModule } from './api.module';
import { mountOpenApi } from './openapi';

async function main(): Promise<void> {
  const { config, logger } = bootstrapProcess('api');
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(logger), {
    bufferLogs: true,
    rawBody: true,
    bodyParser: true,
  });
  app.useLogger(app.get(Logger));
  app.useBodyParser('json', { limit: '256kb' });
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalPipes(createValidationPipe());
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  closeOnSignals(app, logger);
  mountOpenApi(app);
  const { apiPort } = config.get(platformConfig);
  await app.listen(apiPort, '0.0.0.0');
  logProviderStatus(config, logger);
  logger.info({ port: apiPort }, `api listening on http://127.0.0.1:${apiPort} (docs: /docs, health: /health/ready)`);
}

main().catch((error: unknown) => {
  process.stderr.write(`api failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
