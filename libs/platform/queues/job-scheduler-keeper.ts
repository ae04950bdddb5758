import { getQueueToken, Processor, WorkerHost } from '@nestjs/bullmq';
import {
  applyDecorators,
  Inject,
  SetMetadata,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { ConfigService } from '@libs/platform/config';
import { MIN_REPEAT_INTERVAL_MS, scaledMs, TIME_SCALE } from '@libs/platform/time';

/** A repeating job of a queue: one BullMQ job scheduler, every `everyMs` or at the times of a cron pattern. */
export interface ScheduledJob {
  /** The job's name (what its processor switches on). */
  name: string;
  everyMs?: number;
  /** A wall-clock schedule instead (e.g. `0 2 * * *` in `Europe/Istanbul`); never scaled by POLL_TIME_SCALE. */
  cron?: { pattern: string; tz: string };
  /** The scheduler's id in Redis; the job's name unless given. */
  schedulerId?: string;
}

/** A scheduled job runs once per tick: a failed run is not retried, the next tick is. */
const SCHEDULED_JOB_OPTIONS = { attempts: 1, removeOnComplete: true, removeOnFail: 100 };

/**
 * BullMQ keeps job schedulers (our pollers, reapers and sweepers) in Redis, and our Redis runs without persistence:
 * a restart forgets them, and every sweeper would stay silent until a worker restarts. Upserting a scheduler is
 * idempotent, so each processor registers its schedulers at start-up and again on a timer; after a Redis wipe the
 * sweepers come back by themselves and find their work in Postgres (lifecycle invariant 8). Every worker upserts the
 * same schedulers; each tick runs on one worker.
 */
export class JobSchedulerKeeper {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly register: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
    private readonly everyMs = 10_000,
  ) {}

  /** The keeper of a queue's scheduled jobs; a failed re-registration is logged and retried on the next tick. */
  static of(
    queue: Pick<Queue, 'upsertJobScheduler'>,
    jobs: readonly ScheduledJob[],
    logger: { warn(details: object, message: string): void },
  ): JobSchedulerKeeper {
    return new JobSchedulerKeeper(
      async () => {
        for (const job of jobs) {
          await queue.upsertJobScheduler(job.schedulerId ?? job.name, job.cron ?? { every: job.everyMs }, {
            name: job.name,
            data: {},
            opts: SCHEDULED_JOB_OPTIONS,
          });
        }
      },
      (error) => logger.warn({ err: error }, 're-registering job schedulers failed; retried on the next tick'),
    );
  }

  async start(): Promise<void> {
    await this.register();
    this.timer = setInterval(() => this.register().catch(this.onError), this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

const SCHEDULED_QUEUE = Symbol('SCHEDULED_QUEUE');

/** `@Processor(queueName, options)` for a ScheduledWorkerHost, which then finds its queue by that name. */
export function ScheduledProcessor(queueName: string, options: { concurrency: number }): ClassDecorator {
  return applyDecorators(Processor(queueName, options), SetMetadata(SCHEDULED_QUEUE, queueName));
}

/**
 * A @Processor whose queue carries scheduled jobs: registers them at start-up and keeps them registered
 * (JobSchedulerKeeper) until shutdown. Declared with @ScheduledProcessor; the subclass names its logger and jobs, each job every so many
 * milliseconds as configured; the host scales them by POLL_TIME_SCALE (never below MIN_REPEAT_INTERVAL_MS).
 */
export abstract class ScheduledWorkerHost extends WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  // Injected as properties, so a processor's constructor lists only its own collaborators.
  @Inject(ConfigService) protected readonly config!: ConfigService;
  @Inject(TIME_SCALE) private readonly timeScale!: number;
  @Inject(ModuleRef) private readonly moduleRef!: ModuleRef;
  private schedulers?: JobSchedulerKeeper;
  private ownQueue?: Queue;

  /** The queue this processor consumes (named by @ScheduledProcessor), where its job schedulers live. */
  protected get queue(): Queue {
    const name: string | undefined = Reflect.getMetadata(SCHEDULED_QUEUE, this.constructor);
    if (name === undefined) throw new Error(`${this.constructor.name} is not declared with @ScheduledProcessor`);
    this.ownQueue ??= this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
    return this.ownQueue;
  }
  protected abstract readonly logger: { warn(details: object, message: string): void };

  /** The queue's scheduled jobs at their configured (unscaled) intervals, read at start-up. */
  protected abstract scheduledJobs(): readonly ScheduledJob[];

  async onApplicationBootstrap(): Promise<void> {
    const jobs = this.scheduledJobs().map((job) =>
      job.everyMs === undefined
        ? job
        : { ...job, everyMs: scaledMs(job.everyMs, this.timeScale, MIN_REPEAT_INTERVAL_MS) },
    );
    this.schedulers = JobSchedulerKeeper.of(this.queue, jobs, this.logger);
    await this.schedulers.start();
  }

  onApplicationShutdown(): void {
    this.schedulers?.stop();
  }
}
