import { getQueueToken } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { DISPATCH_PAYOUT_JOB, dispatchPayoutDeduplication } from '@libs/payouts';
import { ConfigService } from '@libs/platform/config';
import { QUEUE_NAMES } from '@libs/platform/queues';
import { REDIS, redisAnswers } from '@libs/platform/redis';
import { outboxConfig } from './outbox.config';
import { NO_OUTBOX_FAULTS, OUTBOX_FAULTS, OutboxRelay, type OutboxFaults, type OutboxRow } from './outbox-relay';
import { OutboxRelayRunner } from './outbox-relay.runner';

const ENQUEUE_TIMEOUT_MS = 10_000;

/** Stops before the queues and the database close (their hooks run in onApplicationShutdown). */
class OutboxRelayLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(OutboxRelayRunner) private readonly runner: OutboxRelayRunner,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return this.runner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop({ abandonEnqueue: !(await redisAnswers(this.redis)) });
  }
}

/** A dispatch job is deduplicated per payout, as the reaper's are (payouts' `dispatchPayoutDeduplication`). */
const jobOptions = (row: OutboxRow) => {
  const payoutId = row.payload.payoutId;
  if (row.queue !== 'dispatch' || row.job_name !== DISPATCH_PAYOUT_JOB || typeof payoutId !== 'string')
    return undefined;
  return { deduplication: dispatchPayoutDeduplication(payoutId) };
};

/** The worker's outbox relay (needs QueuesModule and the database from PlatformModule). */
@Module({
  providers: [
    // Only a test root module (test/support/test-worker) binds hooks that end the worker.
    { provide: OUTBOX_FAULTS, useValue: NO_OUTBOX_FAULTS },
    {
      provide: OutboxRelayRunner,
      inject: [ConfigService, DataSource, OUTBOX_FAULTS, ...QUEUE_NAMES.map((name) => getQueueToken(name))],
      useFactory: (config: ConfigService, dataSource: DataSource, faults: OutboxFaults, ...queues: Queue[]) => {
        const settings = config.get(outboxConfig);
        const logger = new Logger('OutboxRelay');
        const byName = new Map(queues.map((queue) => [queue.name, queue]));
        const relay = new OutboxRelay(
          dataSource,
          (name) => byName.get(name),
          {
            batchSize: settings.batchSize,
            enqueueTimeoutMs: ENQUEUE_TIMEOUT_MS,
            faults,
            jobOptions,
          },
          logger,
        );
        return new OutboxRelayRunner(relay, settings.pollIntervalMs, logger);
      },
    },
    OutboxRelayLifecycle,
  ],
})
export class OutboxRelayModule {}
