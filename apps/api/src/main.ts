import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { bootstrapProcess } from '@libs/manifest';
import { platformConfig } from '@libs/platform/config';
import { metricsRegistry } from '@libs/platform/metrics';
import {
  apiProcessesConfig,
  closeOnSignals,
  isClusterWorker,
  runClusterPrimary,
  serveLocalMetricsToPrimary,
} from '@libs/platform/process';
import { ApiModule } from './api.module';
import { clusterMetricsRoute } from './cluster-metrics.route';
import { configureApp } from './configure-app';

async function main(): Promise<void> {
  const { config, logger } = bootstrapProcess('api');
  const { processes } = config.get(apiProcessesConfig);
  // API_PROCESSES > 1: this process only forks and watches the api processes, which share the port.
  if (processes > 1 && !isClusterWorker()) return runClusterPrimary({ processes, logger });

  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(logger), {
    bufferLogs: true,
    bodyParser: true,
  });
  if (isClusterWorker()) {
    serveLocalMetricsToPrimary(metricsRegistry);
    // Before every Nest route: a scrape lands on any one process and must see them all.
    app.use('/metrics', clusterMetricsRoute(metricsRegistry.contentType));
  }
  configureApp(app);
  closeOnSignals(app, logger);
  const { apiPort } = config.get(platformConfig);
  await app.listen(apiPort, '0.0.0.0');
  logger.info({ port: apiPort }, `api listening on http://127.0.0.1:${apiPort} (docs: /docs, health: /health/ready)`);
}

main().catch((error: unknown) => {
  process.stderr.write(`api failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
