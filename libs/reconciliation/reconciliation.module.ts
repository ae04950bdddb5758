import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { dispatchLease, DispatchModule, SettleRejectedAttempt } from '@libs/dispatch';
import { PAYOUT_STORE, PayoutsModule, TransitionPayout, type PayoutStore } from '@libs/payouts';
import { ConfigService, platformConfig } from '@libs/platform/config';
import { REDIS } from '@libs/platform/redis';
import { ProviderRegistry, ProvidersModule, RedisRateBudget } from '@libs/providers';
import { PollDueAttempts } from './application/poll-due-attempts';
import { ReconcileAttempt } from './application/reconcile-attempt';
import { SweepMissedWebhooks } from './application/sweep-missed-webhooks';
import { PollRepository } from './persistence/poll.repository';
import { SharedPollBudget } from './persistence/redis-poll-budget';
import { reconciliationConfig } from './reconciliation.config';
import { prometheusPollMetrics } from './reconciliation.metrics';
import { ReconciliationProcessor } from './reconciliation.processor';

/** Redis keys of the poller's budget windows (under the process's REDIS_KEY_PREFIX). */
const POLL_BUDGET_PREFIX = 'reconciliation:';
/** When a provider's polling budget is spent, its remaining due payouts come back this much later at the least. */
const BUDGET_BACKOFF_MS = 1_000;

/** The worker's reconciliation: the due-payout poller and the missed-webhook sweeper (needs QueuesModule). */
@Module({
  imports: [
    ProvidersModule,
    PayoutsModule.forRoot(),
    // Its SettleRejectedAttempt decides failover or failure for an attempt a lookup proved never executed.
    DispatchModule,
  ],
  providers: [
    {
      provide: PollRepository,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new PollRepository(dataSource.manager),
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
      provide: ReconcileAttempt,
      inject: [
        PAYOUT_STORE,
        TransitionPayout,
        PollRepository,
        ProviderRegistry,
        ConfigService,
        SettleRejectedAttempt,
        REDIS,
      ],
      useFactory: (
        payouts: PayoutStore,
        transition: TransitionPayout,
        polls: PollRepository,
        registry: ProviderRegistry,
        config: ConfigService,
        settle: SettleRejectedAttempt,
        redis: Redis,
      ) =>
        new ReconcileAttempt(payouts, transition, polls, registry, prometheusPollMetrics(), {
          timeScale: config.get(platformConfig).pollTimeScale,
          lookAgainMs: config.get(reconciliationConfig).lookAgainMs,
          settleNotExecuted: settle,
          sendLease: dispatchLease(redis, config),
        }),
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
    ReconciliationProcessor,
  ],
  exports: [ReconcileAttempt],
})
export class ReconciliationModule {}
