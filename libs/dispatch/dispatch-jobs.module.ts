import { hostname } from 'node:os';
import { getQueueToken } from '@nestjs/bullmq';
import {
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { PAYOUT_STORE, PayoutsModule, TransitionPayout, type PayoutStore } from '@libs/payouts';
import { ConfigService, platformConfig } from '@libs/platform/config';
import { REDIS } from '@libs/platform/redis';
import { ProviderRegistry } from '@libs/providers';
import { LoadBankCalendar, RailsModule } from '@libs/rails';
import { ProviderBalanceRepository, ProviderHealthBoard, RoutingModule } from '@libs/routing';
import {
  ApplySubmitOutcome,
  DispatchPayout,
  FeedBatchItems,
  ReapDispatches,
  RecordProviderBalance,
  RefreshProviderBalances,
  ResubmitAttempt,
  RoutePayout,
  SendAttempt,
  SettleRejectedAttempt,
  type DispatchJobs,
  type DispatchLease,
  DISPATCH_FAULTS,
  NO_FAULTS,
  type FaultPoints,
} from './application';
import {
  CIRCUIT_VIEW,
  DISPATCH_CONTEXT,
  DISPATCH_FLOOR_MS,
  SETTLEMENT_PROVIDERS,
  type DispatchContext,
} from './dispatch-api.module';
import { dispatchConfig } from './dispatch.config';
import { scaledMs, TIME_SCALE } from '@libs/platform/time';
import { DispatchProcessor } from './dispatch.processor';
import { BatchFeedProcessor } from './batch-feed.processor';
import { BalanceRefreshProcessor } from './balance-refresh.processor';
import { BullmqBatchDispatchJobs, BullmqDispatchJobs } from './infrastructure/bullmq-dispatch-jobs';
import { CircuitPublisher } from './infrastructure/circuit-publisher';
import { createCircuitMetrics } from './infrastructure/dispatch.metrics';
import { ProviderCircuits } from './infrastructure/provider-circuits';
import { dispatchLease } from './infrastructure/redis-dispatch-lease';
import { BatchFeedQueries, DispatchStore, ReaperQueries } from './persistence';

const DISPATCH_LEASE = Symbol('DISPATCH_LEASE');
const DISPATCH_JOBS = Symbol('DISPATCH_JOBS');
const PUBLISH_TTL_MS = 15_000;
const REAPER_BATCH = 200;
/** Open batches the feeder takes turns between per run (older ones first; the rest wait for a turn). */
const FEED_MAX_BATCHES = 100;
/** A fed batch item whose job was lost (Redis emptied, a crash) is fed again this long after (scaled, at least 1s). */
const FEED_LEASE_MS = 30_000;
const FEED_LEASE_FLOOR_MS = 1_000;
const logger = new Logger('Dispatch');
const balanceLogger = new Logger('ProviderBalances');

/** Publishes this process's circuits to the health board from start-up until shutdown. */
@Injectable()
class CircuitPublishing implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(CircuitPublisher) private readonly publisher: CircuitPublisher,
    @Inject(ProviderCircuits) private readonly circuits: ProviderCircuits,
  ) {}

  onApplicationBootstrap(): void {
    this.publisher.start(this.circuits);
  }

  onApplicationShutdown(): void {
    this.publisher.stop();
  }
}

/**
 * The worker's dispatch: consumes the `dispatch` queue (jobs `dispatch-payout`, `resubmit-attempt` and the reaper's
 * `reap-dispatches`), feeds batch items into it from the `batch-feed` queue's scheduler (fair share, decision 0012),
 * with a circuit breaker and a concurrency limit per provider, whose states it publishes to the
 * health board; and keeps provider balances (the `provider-balances` queue's scheduled read, decision 0014). Needs QueuesModule. Exports SettleRejectedAttempt (reconciliation hands back attempts a lookup proved
 * not executed).
 */
@Module({
  imports: [RoutingModule, PayoutsModule, RailsModule],
  providers: [
    ...SETTLEMENT_PROVIDERS,
    {
      provide: CircuitPublisher,
      inject: [ProviderHealthBoard, ConfigService, ProviderRegistry],
      useFactory: (board: ProviderHealthBoard, config: ConfigService, registry: ProviderRegistry) =>
        new CircuitPublisher(
          board,
          `${config.get(platformConfig).instanceName ?? 'worker'}-${hostname()}-${process.pid}`,
          () => registry.names(),
          PUBLISH_TTL_MS,
          (error) => logger.warn({ err: error }, 'could not publish circuit state'),
        ),
    },
    {
      provide: ProviderCircuits,
      inject: [ConfigService, CircuitPublisher, ProviderHealthBoard],
      useFactory: (config: ConfigService, publisher: CircuitPublisher, board: ProviderHealthBoard) => {
        const settings = config.get(dispatchConfig);
        return new ProviderCircuits({
          threshold: settings.circuitThreshold,
          coolDownMs: settings.circuitCooldownMs,
          concurrencyPerProvider: settings.concurrencyPerProvider,
          metrics: createCircuitMetrics(),
          onStateChange: (provider, circuit) => {
            logger.warn({ provider, circuit: circuit.state }, `circuit of ${provider} is now ${circuit.state}`);
            publisher.publish(provider, circuit);
          },
          onCall: (provider, isTransportFailure) =>
            void board.recordCall(provider, isTransportFailure, new Date()).catch(() => undefined),
        });
      },
    },
    { provide: CIRCUIT_VIEW, useExisting: ProviderCircuits },
    CircuitPublishing,
    {
      provide: DISPATCH_LEASE,
      inject: [REDIS, ConfigService],
      useFactory: (redis: Redis, config: ConfigService) => dispatchLease(redis, config),
    },
    {
      provide: DISPATCH_JOBS,
      inject: [getQueueToken('dispatch')],
      useFactory: (queue: Queue) => new BullmqDispatchJobs(queue),
    },
    // Only a test root module (test/support/test-worker) binds hooks that crash the worker.
    { provide: DISPATCH_FAULTS, useValue: NO_FAULTS },
    {
      provide: RecordProviderBalance,
      inject: [DataSource, DispatchStore],
      useFactory: (dataSource: DataSource, store: DispatchStore) =>
        new RecordProviderBalance(new ProviderBalanceRepository(dataSource.manager), store),
    },
    {
      provide: RefreshProviderBalances,
      inject: [ProviderRegistry, RecordProviderBalance, DISPATCH_CONTEXT],
      useFactory: (registry: ProviderRegistry, record: RecordProviderBalance, { clock }: DispatchContext) =>
        new RefreshProviderBalances(
          () => registry.enabled().map((entry) => entry.provider),
          record,
          clock,
          balanceLogger,
        ),
    },
    BalanceRefreshProcessor,
    {
      provide: ApplySubmitOutcome,
      inject: [
        TransitionPayout,
        DispatchStore,
        SettleRejectedAttempt,
        DISPATCH_JOBS,
        DISPATCH_CONTEXT,
        RecordProviderBalance,
      ],
      useFactory: (
        transition: TransitionPayout,
        store: DispatchStore,
        settle: SettleRejectedAttempt,
        jobs: DispatchJobs,
        context: DispatchContext,
        record: RecordProviderBalance,
      ) =>
        new ApplySubmitOutcome(transition, { reads: store, writes: store }, settle, jobs, context, {
          record,
          onError: (provider, error) =>
            balanceLogger.warn({ provider, err: error }, 'could not keep the balance a submission answer carried'),
        }),
    },
    {
      provide: SendAttempt,
      inject: [
        ProviderRegistry,
        PAYOUT_STORE,
        ProviderCircuits,
        ApplySubmitOutcome,
        DISPATCH_FAULTS,
        DispatchStore,
        DISPATCH_CONTEXT,
      ],
      useFactory: (
        registry: ProviderRegistry,
        payouts: PayoutStore,
        circuits: ProviderCircuits,
        apply: ApplySubmitOutcome,
        faults: FaultPoints,
        store: DispatchStore,
        { clock }: DispatchContext,
      ) => new SendAttempt(registry, payouts.beneficiaries, circuits, apply, faults, store, clock),
    },
    {
      provide: DispatchPayout,
      inject: [
        DispatchStore,
        DISPATCH_LEASE,
        RoutePayout,
        TransitionPayout,
        SendAttempt,
        ProviderRegistry,
        DISPATCH_CONTEXT,
        LoadBankCalendar,
      ],
      useFactory: (
        store: DispatchStore,
        lease: DispatchLease,
        route: RoutePayout,
        transition: TransitionPayout,
        send: SendAttempt,
        registry: ProviderRegistry,
        context: DispatchContext,
        calendars: LoadBankCalendar,
      ) =>
        new DispatchPayout({
          calendars,
          reads: store,
          writes: store,
          lease,
          route,
          transition,
          send,
          adapters: registry,
          newReference: () => uuidv7(),
          ...context,
        }),
    },
    {
      provide: ResubmitAttempt,
      inject: [DispatchStore, DISPATCH_LEASE, SendAttempt],
      useFactory: (store: DispatchStore, lease: DispatchLease, send: SendAttempt) =>
        new ResubmitAttempt(store, lease, send),
    },
    {
      provide: ReapDispatches,
      inject: [DataSource, DISPATCH_LEASE, DISPATCH_JOBS, ConfigService, ProviderRegistry, DISPATCH_CONTEXT],
      useFactory: (
        dataSource: DataSource,
        lease: DispatchLease,
        jobs: DispatchJobs,
        config: ConfigService,
        registry: ProviderRegistry,
        { clock, timing }: DispatchContext,
      ) => {
        const settings = config.get(dispatchConfig);
        return new ReapDispatches(
          new ReaperQueries(dataSource),
          lease,
          jobs,
          {
            reapAfterMs: scaledMs(settings.reapAfterMs, timing.timeScale, DISPATCH_FLOOR_MS.sweep),
            redispatchAfterMs: timing.redispatchAfterMs,
            resubmitHorizonMs: (provider) => {
              const window = registry.find(provider)?.capabilities.consistencyWindowMs;
              return window === undefined
                ? settings.resubmitHorizonMs
                : Math.min(settings.resubmitHorizonMs, window / 2);
            },
            providers: () => registry.names(),
            batchSize: REAPER_BATCH,
          },
          clock,
        );
      },
    },
    {
      provide: FeedBatchItems,
      inject: [DataSource, getQueueToken('dispatch'), ConfigService, DISPATCH_CONTEXT],
      useFactory: (dataSource: DataSource, queue: Queue, config: ConfigService, { clock, timing }: DispatchContext) =>
        new FeedBatchItems(new BatchFeedQueries(dataSource), new BullmqBatchDispatchJobs(queue), clock, {
          window: config.get(dispatchConfig).batchWindow,
          leaseMs: scaledMs(FEED_LEASE_MS, timing.timeScale, FEED_LEASE_FLOOR_MS),
          maxBatches: FEED_MAX_BATCHES,
        }),
    },
    BatchFeedProcessor,
    {
      provide: DispatchProcessor,
      inject: [
        getQueueToken('dispatch'),
        DispatchPayout,
        ResubmitAttempt,
        ReapDispatches,
        ConfigService,
        TIME_SCALE,
        REDIS,
      ],
      useFactory: (
        queue: Queue,
        dispatch: DispatchPayout,
        resubmit: ResubmitAttempt,
        reap: ReapDispatches,
        config: ConfigService,
        timeScale: number,
        redis: Redis,
      ) => {
        const settings = config.get(dispatchConfig);
        return new DispatchProcessor(
          queue,
          { dispatch, resubmit, reap },
          {
            concurrency: settings.concurrency,
            jobLockMs: settings.jobLockMs,
            reaperIntervalMs: scaledMs(settings.reaperIntervalMs, timeScale, DISPATCH_FLOOR_MS.sweep),
            redis,
          },
        );
      },
    },
  ],
  exports: [SettleRejectedAttempt],
})
export class DispatchJobsModule {}
