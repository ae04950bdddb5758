import type { INestApplicationContext } from '@nestjs/common';
import type { Logger } from 'pino';

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
  // `on`, not `once`: a signal sent to the process group arrives twice (directly and forwarded by npm and
  // scripts/run-app.mjs), and with no listener left the second one would kill the process mid-shutdown.
  process.on('SIGTERM', close);
  process.on('SIGINT', close);
}
