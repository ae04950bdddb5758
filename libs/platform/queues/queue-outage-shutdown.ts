import { getQueueToken, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { DiscoveryService, ModuleRef } from '@nestjs/core';
import type { Queue, Worker } from 'bullmq';
import type Redis from 'ioredis';
import { REDIS, redisAnswers } from '@libs/platform/redis';
import { QUEUE_NAMES } from './queue-names';

/**
 * A stop signal while Redis is unreachable: BullMQ's graceful close would wait for Redis, since its QUIT and the
 * workers' pending fetches sit in ioredis' offline queue until it returns (taskforcesh/bullmq#4656), and the process
 * would only end when the shutdown grace runs out. Before that close starts, this drops every queue and worker
 * connection instead. Nothing is lost: a job in flight cannot be recorded as done without Redis anyway, and Postgres
 * holds the work that the sweepers queue again once Redis is back (lifecycle invariant 8). Workers made by hand
 * rather than with @Processor close themselves the same way (closeWorkerQuickly).
 */
@Injectable()
export class QueueOutageShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Queues');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly moduleRef: ModuleRef,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    if (await redisAnswers(this.redis)) return;
    this.logger.warn('Redis is unreachable: closing the queue connections without waiting for it');
    const closing = [
      ...this.workers().map((worker) => worker.close(true)),
      ...this.queues().map((queue) => queue.getBackend().close(true)),
    ];
    await Promise.allSettled(closing);
  }

  private workers(): Worker[] {
    return this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost)
      .flatMap((host) => {
        try {
          return [host.worker];
        } catch {
          return []; // never started (manual registration): nothing to close
        }
      });
  }

  private queues(): Queue[] {
    return QUEUE_NAMES.flatMap((name) => {
      try {
        return [this.moduleRef.get<Queue>(getQueueToken(name), { strict: false })];
      } catch {
        return [];
      }
    });
  }
}

/** Worker.close() for a worker made by hand: graceful while Redis answers, forced (no waiting) while it does not. */
export async function closeWorkerQuickly(worker: Worker, redis: Redis): Promise<void> {
  await worker.close(!(await redisAnswers(redis)));
}
