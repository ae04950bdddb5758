import { Module, type Provider } from '@nestjs/common';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { DispatchApiModule, dispatchLease, SettleRejectedAttempt } from '@libs/dispatch';
import { PAYOUT_STORE, PayoutsModule, TransitionPayout, type PayoutStore } from '@libs/payouts';
import { ConfigService } from '@libs/platform/config';
import { systemClock, TIME_SCALE } from '@libs/platform/time';
import { FAIL_FAST_REDIS, requireRedis } from '@libs/platform/redis';
import { ProviderRegistry, ProvidersModule } from '@libs/providers';
import { ReconcileAttempt, type SendLease } from './application/reconcile-attempt';
import { ReadReconciliationRuns, RunReconciliation, StartReconciliationRun } from './application/reconciliation-runs';
import { ReconciliationRunsController } from './http/reconciliation-runs.controller';
import { TypeOrmReconciliationRunStore } from './persistence/reconciliation-run.repository';
import { PollRepository } from './persistence/poll.repository';
import { reconciliationConfig } from './reconciliation.config';
import { prometheusPollMetrics } from './reconciliation.metrics';

/** Dispatch's per-payout lease as the role's module takes it (the worker's Redis client, or the api's fail-fast one). */
export const SEND_LEASE = Symbol('SEND_LEASE');

/**
 * The poller's ReconcileAttempt, with dispatch's settlement (failover, or failure when no provider is left) of an
 * attempt a lookup proved not executed: one definition for both roles, so a poll and an ops refresh decide alike.
 */
export const RECONCILE_PROVIDERS: Provider[] = [
  {
    provide: PollRepository,
    inject: [DataSource],
    useFactory: (dataSource: DataSource) => new PollRepository(dataSource.manager),
  },
  {
    provide: ReconcileAttempt,
    inject: [
      PAYOUT_STORE,
      TransitionPayout,
      PollRepository,
      ProviderRegistry,
      ConfigService,
      TIME_SCALE,
      SettleRejectedAttempt,
      SEND_LEASE,
    ],
    useFactory: (
      payouts: PayoutStore,
      transition: TransitionPayout,
      polls: PollRepository,
      registry: ProviderRegistry,
      config: ConfigService,
      timeScale: number,
      settle: SettleRejectedAttempt,
      sendLease: SendLease,
    ) =>
      new ReconcileAttempt(payouts, transition, polls, registry, prometheusPollMetrics(), {
        timeScale,
        lookAgainMs: config.get(reconciliationConfig).lookAgainMs,
        settleNotExecuted: settle,
        sendLease,
      }),
  },
];

/** The runs' store and use cases, for both roles (the api starts and reads runs; the worker runs them). */
export const RECONCILIATION_RUN_PROVIDERS: Provider[] = [
  {
    provide: TypeOrmReconciliationRunStore,
    inject: [DataSource],
    useFactory: (dataSource: DataSource) => new TypeOrmReconciliationRunStore(dataSource),
  },
  {
    provide: StartReconciliationRun,
    inject: [TypeOrmReconciliationRunStore, ProviderRegistry],
    useFactory: (runs: TypeOrmReconciliationRunStore, registry: ProviderRegistry) =>
      new StartReconciliationRun(runs, registry, systemClock),
  },
  {
    provide: ReadReconciliationRuns,
    inject: [TypeOrmReconciliationRunStore],
    useFactory: (runs: TypeOrmReconciliationRunStore) => new ReadReconciliationRuns(runs),
  },
  {
    provide: RunReconciliation,
    inject: [TypeOrmReconciliationRunStore, ProviderRegistry, PAYOUT_STORE, TransitionPayout],
    useFactory: (
      runs: TypeOrmReconciliationRunStore,
      registry: ProviderRegistry,
      payouts: PayoutStore,
      transition: TransitionPayout,
    ) => new RunReconciliation(runs, registry, payouts, transition, systemClock),
  },
];

/**
 * The api's reconciliation: the poller's ReconcileAttempt for an ops refresh, without the poller. The worker's lease
 * is taken on the request-path client: while Redis is unreachable a refresh that needs it is refused at once (503)
 * rather than run without it or left waiting for Redis.
 */
@Module({
  imports: [ProvidersModule, PayoutsModule, DispatchApiModule],
  controllers: [ReconciliationRunsController],
  providers: [
    ...RECONCILE_PROVIDERS,
    ...RECONCILIATION_RUN_PROVIDERS,
    {
      provide: SEND_LEASE,
      inject: [FAIL_FAST_REDIS, ConfigService],
      useFactory: (failFast: Redis, config: ConfigService): SendLease => {
        const lease = dispatchLease(failFast, config);
        return {
          acquire: (payoutId) =>
            requireRedis("refreshing a submitting payout (dispatch's lease)", () => lease.acquire(payoutId)),
        };
      },
    },
  ],
  exports: [ReconcileAttempt, ReadReconciliationRuns],
})
export class ReconciliationApiModule {}
