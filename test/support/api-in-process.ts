import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DestinationStream } from 'pino';
import { createRootLogger } from '@libs/platform/logging';
import { ApiModule } from '../../apps/api/src/api.module';
import { configureApp } from '../../apps/api/src/configure-app';
import { watchApi } from './openapi-responses';

export interface InProcessApi {
  app: NestExpressApplication;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The api app exactly as apps/api/src/main.ts builds it (same root module, same configureApp), listening on a free
 * loopback port of this test process. `env` is applied to process.env first: the config module reads it at creation.
 * `logs` sends the api's log lines to a stream the test reads.
 */
export async function startApiInProcess(
  env: Record<string, string>,
  logs?: { level: string; destination: DestinationStream },
): Promise<InProcessApi> {
  Object.assign(process.env, env);
  const logger = createRootLogger({
    name: 'api-test',
    level: logs?.level ?? process.env.TEST_API_LOG_LEVEL ?? 'silent',
    secrets: [],
    ...(logs ? { destination: logs.destination } : {}),
  });
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(logger), {
    bufferLogs: true,
    bodyParser: true,
  });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  watchApi(baseUrl);
  return { app, baseUrl, close: () => app.close() };
}
