import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { DispatchJobsModule, dispatchLease } from '@libs/dispatch';
import { PayoutsModule } from '@libs/payouts';
import { ConfigService } from '@libs/platform/config';
import { REDIS } from '@libs/platform/redis';
import { ProviderRegistry, ProvidersModule, RedisRateBudget } from '@libs/providers';
import { PollDueAttempts } from './application/poll-due-attempts';
import { ReconcileAttempt } from './application/reconcile-attempt';
import { SweepMissedWebhooks } from './application/sweep-missed-webhooks';
import { PollRepository } from './persistence/poll.repository';
import { SharedPollBudget } from './persistence/redis-poll-budget';
import { RECONCILE_PROVIDERS, RECONCILIATION_RUN_PROVIDERS, SEND_LEASE } from './reconciliation-api.module';
import { ReconciliationRunsProcessor } from './reconciliation-runs.processor';
import { ResumeStalledRuns } from './application/reconciliation-runs';
import { TypeOrmReconciliationRunStore } from './persistence/reconciliation-run.repository';
import { scaledMs, systemClock, TIME_SCALE } from '@libs/platform/time';
import { reconciliationConfig } from './reconciliation.config';
import { prometheusPollMetrics } from './reconciliation.metrics';
import { ReconciliationProcessor } from './reconciliation.processor';

/** Redis keys of the poller's budget windows (under the process's REDIS_KEY_PREFIX). */
const POLL_BUDGET_PREFIX = 'reconciliation:';
/** When a provider's polling budget is spent, its remaining due payouts come back this much later at the least. */
const BUDGET_BACKOFF_MS = 1_000;

/**
 * The worker's reconciliation: the due-payout poller, the missed-webhook sweeper and the reconciliation runs
 * (needs QueuesModule). Its
 * ReconcileAttempt is the api's (RECONCILE_PROVIDERS), settling through the worker's dispatch.
 */
@Module({
  imports: [ProvidersModule, PayoutsModule, DispatchJobsModule],
  providers: [
    ...RECONCILE_PROVIDERS,
    ...RECONCILIATION_RUN_PROVIDERS,
    {
      provide: SEND_LEASE,
      inject: [REDIS, ConfigService],
      useFactory: (redis: Redis, config: ConfigService) => dispatchLease(redis, config),
    },
    {
      provide: SharedPollBudget,
      inject: [REDIS, ConfigService],
      useFactory: (redis: Redis, config: ConfigService) =>
        new SharedPollBudget(
          new RedisRateBudget(redis, POLL_BUDGET_PREFIX),
          config.get(reconciliationConfig).budgetShare,
        ),
    },
    {
      provide: PollDueAttempts,
      inject: [PollRepository, ReconcileAttempt, ProviderRegistry, SharedPollBudget, ConfigService],
      useFactory: (
        polls: PollRepository,
        reconcile: ReconcileAttempt,
        registry: ProviderRegistry,
        budget: SharedPollBudget,
        config: ConfigService,
      ) => {
        const settings = config.get(reconciliationConfig);
        return new PollDueAttempts(polls, reconcile, registry, budget, prometheusPollMetrics(), {
          batchSize: settings.batchSize,
          leaseMs: settings.leaseMs,
          concurrency: settings.concurrency,
          budgetBackoffMs: BUDGET_BACKOFF_MS,
        });
      },
    },
    {
      provide: SweepMissedWebhooks,
      inject: [ProviderRegistry, PollRepository, SharedPollBudget, ConfigService],
      useFactory: (
        registry: ProviderRegistry,
        polls: PollRepository,
        budget: SharedPollBudget,
        config: ConfigService,
      ) =>
        new SweepMissedWebhooks(registry, polls, budget, prometheusPollMetrics(), {
          maxReplaysPerRun: config.get(reconciliationConfig).missedWebhooksMaxReplays,
        }),
    },
    {
      provide: ResumeStalledRuns,
      inject: [TypeOrmReconciliationRunStore, ConfigService, TIME_SCALE],
      useFactory: (runs: TypeOrmReconciliationRunStore, config: ConfigService, timeScale: number) =>
        new ResumeStalledRuns(
          runs,
          systemClock,
          scaledMs(config.get(reconciliationConfig).runStalledAfterMs, timeScale),
        ),
    },
    ReconciliationProcessor,
    ReconciliationRunsProcessor,
  ],
})
export class ReconciliationJobsModule {}
