import type { INestApplicationContext } from '@nestjs/common';
import { Server } from 'node:http';
import type { Logger } from 'pino';

const IDLE_CONNECTION_SWEEP_MS = 100;

/**
 * SIGTERM/SIGINT: close the app (HTTP stops accepting, BullMQ workers finish the jobs in flight and take no new
 * ones), then exit 0. A job still running after `graceMs` is left to BullMQ's stalled-job recovery, so another worker
 * takes it over: nothing is lost, the job handlers are idempotent.
 */
export function closeOnSignals(app: INestApplicationContext, logger: Logger, graceMs = 30_000): void {
  let closing = false;
  const close = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, `${signal}: finishing work in flight, then exiting`);
    const forced = setTimeout(() => {
      logger.warn({ graceMs }, 'shutdown grace period over; exiting with jobs still running (they will be retried)');
      process.exit(1);
    }, graceMs);
    forced.unref();
    closeIdleConnectionsWhileClosing(app);
    app.close().then(
      () => {
        logger.info('shut down cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  // `on`, not `once`: a signal sent to the process group arrives twice (directly and forwarded by npm), and with no
  // listener left the second one would kill the process mid-shutdown.
  process.on('SIGTERM', close);
  process.on('SIGINT', close);
}

/**
 * While the HTTP server closes, it waits for every open connection, and Node closes only the connections idle at the
 * moment close starts: a keep-alive connection whose request (e.g. a provider's webhook) finishes a moment later stays
 * open until its keep-alive timeout. Closing idle connections again until the app has closed ends those at once,
 * without cutting a request in flight.
 */
function closeIdleConnectionsWhileClosing(app: INestApplicationContext): void {
  const server = 'getHttpServer' in app ? (app as { getHttpServer(): unknown }).getHttpServer() : undefined;
  if (!(server instanceof Server)) return;
  const sweeper = setInterval(() => server.closeIdleConnections(), IDLE_CONNECTION_SWEEP_MS);
  sweeper.unref();
  server.once('close', () => clearInterval(sweeper));
}
