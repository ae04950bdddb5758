import { BullBoardModule } from '@bull-board/nestjs';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AuditLogWriter, ClientsAuthModule, type AuditLogStore } from '@libs/clients';
import { dispatchLease } from '@libs/dispatch';
import { PAYOUT_STORE, PayoutsModule, PiiCipher, TransitionPayout, type PayoutStore } from '@libs/payouts';
import { systemClock } from '@libs/platform/time';
import { ConfigService, platformConfig } from '@libs/platform/config';
import { QUEUE_NAMES } from '@libs/platform/queues';
import { FAIL_FAST_REDIS, requireRedis } from '@libs/platform/redis';
import { PROVIDER_REGISTRATIONS, ProviderRegistry, ProvidersModule } from '@libs/providers';
import {
  PollRepository,
  prometheusPollMetrics,
  ReconcileAttempt,
  reconciliationConfig,
  scheduleFor,
  isPolled,
} from '@libs/reconciliation';
import {
  GetOpsSummary,
  ReadOpsCharts,
  ReadOpsPayout,
  SearchPayouts,
  type AttemptRefresher,
  type OpsConsoleStore,
  ListStuckPayouts,
  ReadOpsOverview,
  RefreshPayout,
  ResolvePayout,
  RetryFailedJob,
  type OpsReadStore,
  type ScheduleLookup,
  type StuckSettings,
} from './application';
import { OpsAccess } from './http/access/ops-access';
import { OpsAccessModule } from './http/access/ops-access.module';
import { OpsController } from './http/ops.controller';
import { OpsLoginController } from './http/page/ops-login.controller';
import { OpsPageController } from './http/page/ops-page.controller';
import { queuesBoardAccess } from './http/queues/queues-board';
import { OpsMetricsModule } from './ops-metrics.module';
import { stuckThresholdsMs } from './ops-thresholds';
import { BullMqQueueJobs } from './infrastructure/bullmq-queue-jobs';
import { OpsQueries } from './persistence/ops.queries';
import { OpsConsoleQueries } from './persistence/ops-console.queries';

const OPS_READS = Symbol('OPS_READS');
const OPS_AUDIT = Symbol('OPS_AUDIT');
const CONSOLE_READS = Symbol('CONSOLE_READS');
const SCHEDULES = Symbol('SCHEDULES');
const STUCK_SETTINGS = Symbol('STUCK_SETTINGS');

/**
 * The api's ops surface: /v1/ops (stuck, summary, refresh, resolve), the /ops page with its login, the queue
 * dashboard at /ops/queues and the ops gauges on /metrics (needs QueuesModule). Refresh builds the poller's
 * ReconcileAttempt here rather than importing ReconciliationModule, which would start a poller in the api.
 */
@Module({
  imports: [
    ClientsAuthModule, // the ops login's failed-attempt budget
    ProvidersModule,
    PayoutsModule.forRoot({ knownProviders: PROVIDER_REGISTRATIONS.map((registration) => registration.name) }),
    OpsAccessModule,
    OpsMetricsModule,
    BullBoardModule.forRootAsync({
      imports: [OpsAccessModule],
      inject: [OpsAccess, FAIL_FAST_REDIS],
      useFactory: (access: OpsAccess, failFast: Redis) => ({
        route: '/ops/queues',
        adapter: ExpressAdapter,
        middleware: queuesBoardAccess(access, failFast),
        boardOptions: { uiConfig: { boardTitle: 'Payout queues' } },
      }),
    }),
    // Read-only: bull-board's pause, clean, add, retry, promote and remove would be unaudited changes. The one job
    // action ops has is POST /v1/ops/queues/{queue}/jobs/{id}/retry (RetryFailedJob), with a reason.
    BullBoardModule.forFeature(
      ...QUEUE_NAMES.map((name) => ({ name, adapter: BullMQAdapter, options: { readOnlyMode: true } })),
    ),
  ],
  controllers: [OpsController, OpsPageController, OpsLoginController],
  providers: [
    {
      provide: OPS_READS,
      inject: [DataSource, PiiCipher],
      useFactory: (dataSource: DataSource, cipher: PiiCipher) => new OpsQueries(dataSource.manager, cipher),
    },
    {
      provide: CONSOLE_READS,
      inject: [DataSource, PiiCipher],
      useFactory: (dataSource: DataSource, cipher: PiiCipher) =>
        new OpsConsoleQueries(
          dataSource.manager,
          cipher,
          PROVIDER_REGISTRATIONS.map((registration) => registration.name),
        ),
    },
    {
      provide: ReadOpsPayout,
      inject: [CONSOLE_READS, SCHEDULES, STUCK_SETTINGS],
      useFactory: (reads: OpsConsoleStore, schedules: ScheduleLookup, settings: StuckSettings) =>
        new ReadOpsPayout(reads, schedules, settings),
    },
    {
      provide: SearchPayouts,
      inject: [CONSOLE_READS],
      useFactory: (reads: OpsConsoleStore) => new SearchPayouts(reads),
    },
    {
      provide: ReadOpsCharts,
      inject: [CONSOLE_READS],
      useFactory: (reads: OpsConsoleStore) => new ReadOpsCharts(reads),
    },
    {
      provide: OPS_AUDIT,
      inject: [DataSource],
      useFactory: (dataSource: DataSource): AuditLogStore => new AuditLogWriter(dataSource.manager),
    },
    {
      provide: SCHEDULES,
      inject: [ProviderRegistry],
      useFactory:
        (registry: ProviderRegistry): ScheduleLookup =>
        (status, provider) => {
          const adapter = registry.find(provider);
          return adapter && isPolled(status) ? scheduleFor(status, adapter.capabilities) : undefined;
        },
    },
    {
      provide: STUCK_SETTINGS,
      inject: [ConfigService],
      useFactory: (config: ConfigService): StuckSettings => ({
        thresholdsMs: stuckThresholdsMs(config),
        timeScale: config.get(platformConfig).pollTimeScale,
      }),
    },
    {
      provide: ListStuckPayouts,
      inject: [OPS_READS, SCHEDULES, STUCK_SETTINGS],
      useFactory: (reads: OpsReadStore, schedules: ScheduleLookup, settings: StuckSettings) =>
        new ListStuckPayouts(reads, schedules, settings),
    },
    {
      provide: ReadOpsOverview,
      inject: [OPS_READS, SCHEDULES, STUCK_SETTINGS],
      useFactory: (reads: OpsReadStore, schedules: ScheduleLookup, settings: StuckSettings) =>
        new ReadOpsOverview(reads, schedules, settings),
    },
    { provide: GetOpsSummary, inject: [OPS_READS], useFactory: (reads: OpsReadStore) => new GetOpsSummary(reads) },
    {
      provide: RefreshPayout,
      inject: [PAYOUT_STORE, TransitionPayout, DataSource, ProviderRegistry, ConfigService, OPS_AUDIT, FAIL_FAST_REDIS],
      useFactory: (
        payouts: PayoutStore,
        transition: TransitionPayout,
        dataSource: DataSource,
        registry: ProviderRegistry,
        config: ConfigService,
        audit: AuditLogStore,
        failFast: Redis,
      ) => {
        // The worker's own lease, taken on the request-path client: while Redis is unreachable a refresh that needs it
        // is refused at once (503) rather than run without it or left waiting for Redis.
        const lease = dispatchLease(failFast, config);
        const reconcile = new ReconcileAttempt(
          payouts,
          transition,
          new PollRepository(dataSource.manager),
          registry,
          prometheusPollMetrics(),
          {
            timeScale: config.get(platformConfig).pollTimeScale,
            lookAgainMs: config.get(reconciliationConfig).lookAgainMs,
            // A refresh of a submitting payout may replay the create: never while dispatch is sending it.
            sendLease: {
              acquire: (payoutId) =>
                requireRedis("refreshing a submitting payout (dispatch's lease)", () => lease.acquire(payoutId)),
            },
          },
        );
        // The lookup spends the provider's request budget and reads its token cache, both in Redis through the
        // adapters' queueing client (shared with the worker), which would wait for an unreachable Redis: refused first.
        const refresher: AttemptRefresher = {
          execute: async (payoutId, clock, source, statement) => {
            await requireRedis("a provider lookup (its request budget, dispatch's lease)", () => failFast.ping());
            return reconcile.execute(payoutId, clock, source, statement);
          },
        };
        return new RefreshPayout(payouts, refresher, audit, systemClock);
      },
    },
    {
      provide: RetryFailedJob,
      inject: [OPS_AUDIT, FAIL_FAST_REDIS, ...QUEUE_NAMES.map((name) => getQueueToken(name))],
      useFactory: (audit: AuditLogStore, failFast: Redis, ...queues: Queue[]) =>
        new RetryFailedJob(new BullMqQueueJobs(queues, failFast), audit, systemClock),
    },
    {
      provide: ResolvePayout,
      inject: [PAYOUT_STORE, TransitionPayout, OPS_AUDIT],
      useFactory: (payouts: PayoutStore, transition: TransitionPayout, audit: AuditLogStore) =>
        new ResolvePayout(payouts, transition, audit, systemClock),
    },
  ],
})
export class OpsModule {}
