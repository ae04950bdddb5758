import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import { createRootLogger } from '@libs/platform/logging';
import { ApiModule } from '../../apps/api/src/api.module';
import { configureApp } from '../../apps/api/src/configure-app';

export interface InProcessApi {
  app: NestExpressApplication;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The api app exactly as apps/api/src/main.ts builds it (same root module, same configureApp), listening on a free
 * loopback port of this test process. `env` is applied to process.env first: the config module reads it at creation.
 * `logger` replaces the silent root logger (a test that reads the log lines passes its own).
 */
export async function startApiInProcess(env: Record<string, string>, logger?: Logger): Promise<InProcessApi> {
  Object.assign(process.env, env);
  logger ??= createRootLogger({ name: 'api-test', level: process.env.TEST_API_LOG_LEVEL ?? 'silent', secrets: [] });
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(logger), {
    bufferLogs: true,
    rawBody: true,
    bodyParser: true,
  });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, baseUrl: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}
