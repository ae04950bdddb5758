import { Inject, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ScheduledProcessor, ScheduledWorkerHost, type ScheduledJob } from '@libs/platform/queues';
import { systemClock } from '@libs/platform/time';
import { ProviderRegistry } from '@libs/providers';
import {
  hasListing,
  ResumeStalledRuns,
  RunReconciliation,
  StartReconciliationRun,
} from './application/reconciliation-runs';
import {
  RECONCILIATION_RUNS_QUEUE,
  RUN_RECONCILIATION_JOB,
  RunMovedOnError,
} from './application/reconciliation-run.port';
import { cronOf, previousDay } from './domain';
import { reconciliationConfig } from './reconciliation.config';

/** Starts the previous day's run of every enabled provider with a listing (a BullMQ job scheduler, cron). */
export const DAILY_RECONCILIATION_JOB = 'daily-reconciliation';
export const DAILY_RUN_REASON = 'daily reconciliation of the previous day';
/** Gives running runs that stopped moving a new job (a BullMQ job scheduler). */
export const RESUME_STALLED_RUNS_JOB = 'resume-stalled-reconciliation-runs';

/**
 * The consumer of the `reconciliation-runs` queue: the runs (one job per run, written with the run in the outbox;
 * BullMQ retries a failed page with backoff, resuming from the stored cursor) and the daily schedule. Its own queue,
 * so a long run never holds up the poller's ticks.
 */
@ScheduledProcessor(RECONCILIATION_RUNS_QUEUE, { concurrency: 1 })
export class ReconciliationRunsProcessor extends ScheduledWorkerHost {
  protected readonly logger = new Logger('ReconciliationRuns');

  constructor(
    @Inject(RunReconciliation) private readonly runner: RunReconciliation,
    @Inject(StartReconciliationRun) private readonly start: StartReconciliationRun,
    @Inject(ProviderRegistry) private readonly registry: ProviderRegistry,
    @Inject(ResumeStalledRuns) private readonly stalled: ResumeStalledRuns,
  ) {
    super();
  }

  protected scheduledJobs(): ScheduledJob[] {
    const settings = this.config.get(reconciliationConfig);
    return [
      { name: DAILY_RECONCILIATION_JOB, cron: cronOf(settings.reportAt) },
      { name: RESUME_STALLED_RUNS_JOB, everyMs: Math.round(settings.runStalledAfterMs / 3) },
    ];
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case RUN_RECONCILIATION_JOB:
        return this.run(job);
      case DAILY_RECONCILIATION_JOB:
        return this.daily();
      case RESUME_STALLED_RUNS_JOB: {
        const resumed = await this.stalled.execute();
        if (resumed.length > 0) this.logger.warn({ runIds: resumed }, 'stalled reconciliation runs given a new job');
        return { resumed: resumed.length };
      }
      default:
        this.logger.warn({ jobId: job.id, jobName: job.name }, 'unknown job on the reconciliation-runs queue; dropped');
        return { status: 'unknown_job' };
    }
  }

  private async run(job: Job): Promise<unknown> {
    const runId = String((job.data as { runId?: unknown }).runId ?? '');
    try {
      const run = await this.runner.execute(runId);
      return { runId, status: run?.status ?? 'not_found', counts: run?.counts };
    } catch (error) {
      if (error instanceof RunMovedOnError) return { runId, status: 'moved_on' };
      const message = error instanceof Error ? error.message : String(error);
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      this.logger.warn(
        { runId, err: error, lastAttempt },
        lastAttempt
          ? 'reconciliation run failed: no attempt left'
          : 'reconciliation run stopped; retried from its cursor',
      );
      if (lastAttempt) await this.runner.fail(runId, message);
      throw error;
    }
  }

  private async daily(): Promise<unknown> {
    const { from, to } = previousDay(systemClock.now(), this.config.get(reconciliationConfig).reportAt.timeZone);
    const started: string[] = [];
    for (const entry of this.registry.enabled()) {
      if (!hasListing(entry.provider)) continue;
      const { run } = await this.start.execute({
        provider: entry.provider.name,
        from: from.toISOString(),
        to: to.toISOString(),
        reason: DAILY_RUN_REASON,
        requestedBy: null,
      });
      started.push(run.id);
    }
    return { from: from.toISOString(), to: to.toISOString(), runs: started };
  }
}
