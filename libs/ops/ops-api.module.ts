import { BullBoardModule } from '@bull-board/nestjs';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { BatchLifecycleApiModule, DecideBatchApproval } from '@libs/batches';
import { AuditLogWriter, ClientsAuthModule, type AuditLogStore } from '@libs/clients';
import {
  DecideApprovals,
  PAYOUT_STORE,
  PayoutsModule,
  PiiCipher,
  sealedStoreProvider,
  TransitionPayout,
  type PayoutStore,
} from '@libs/payouts';
import { systemClock, TIME_SCALE } from '@libs/platform/time';
import { ConfigService } from '@libs/platform/config';
import { QUEUE_NAMES } from '@libs/platform/queues';
import { FAIL_FAST_REDIS, requireRedis } from '@libs/platform/redis';
import { ProviderRegistry, ProvidersModule } from '@libs/providers';
import { isPolled, ReconcileAttempt, ReconciliationApiModule, scheduleFor } from '@libs/reconciliation';
import {
  DecideApproval,
  GetOpsSummary,
  ReadOpsBalances,
  ReadOpsCharts,
  ReadOpsPayout,
  ReadOpsPrograms,
  SearchPayouts,
  type ApprovalDecisions,
  type AttemptRefresher,
  type OpsProgramsStore,
  type OpsConsoleStore,
  ListLateFlips,
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
import { stuckThresholdsMs } from './ops.config';
import { BullMqQueueJobs } from './infrastructure/bullmq-queue-jobs';
import { LateFlipQueries } from './persistence/late-flips.queries';
import { OpsQueries } from './persistence/ops.queries';
import { OpsConsoleQueries } from './persistence/ops-console.queries';
import { OpsProgramsQueries } from './persistence/ops-programs.queries';

const SCHEDULES = Symbol('SCHEDULES');
const STUCK_SETTINGS = Symbol('STUCK_SETTINGS');

/**
 * The api's ops surface: /v1/ops (stuck, summary, refresh, resolve), the /ops page with its login, the queue
 * dashboard at /ops/queues and the ops gauges on /metrics (needs QueuesModule). Refresh runs the poller's
 * ReconcileAttempt (ReconciliationApiModule: the use case without the poller).
 */
@Module({
  imports: [
    ClientsAuthModule, // the ops login's failed-attempt budget
    ProvidersModule,
    PayoutsModule,
    BatchLifecycleApiModule, // DecideBatchApproval, for the queue's batch decisions
    ReconciliationApiModule, // the poller's ReconcileAttempt, for refresh
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
    sealedStoreProvider(OpsQueries),
    {
      provide: OpsConsoleQueries,
      inject: [DataSource, PiiCipher, ProviderRegistry],
      useFactory: (dataSource: DataSource, cipher: PiiCipher, registry: ProviderRegistry) =>
        new OpsConsoleQueries(dataSource.manager, cipher, registry.names()),
    },
    {
      provide: OpsProgramsQueries,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new OpsProgramsQueries(dataSource.manager),
    },
    {
      provide: ReadOpsPrograms,
      inject: [OpsProgramsQueries],
      useFactory: (reads: OpsProgramsStore) => new ReadOpsPrograms(reads),
    },
    {
      // The approvals' own use cases (PayoutsModule and BatchLifecycleApiModule provide them to the approvals API too),
      // so a decision from the console is the decision POST /v1/payouts/{id}/approve|reject, or
      // POST /v1/payout-batches/{id}/approve|reject for a batch, makes.
      provide: DecideApproval,
      inject: [DecideApprovals, DecideBatchApproval],
      useFactory: (approvals: DecideApprovals, batchApprovals: DecideBatchApproval) => {
        const decisions: ApprovalDecisions = {
          decidesBatches: true,
          decide: async (subject, id, decision, approver, reason) => {
            const by = { clientId: approver.id, clientName: approver.name };
            if (subject === 'batch') await batchApprovals.execute(id, by, decision, reason);
            else await approvals.decide(id, by, decision, reason);
          },
        };
        return new DecideApproval(decisions);
      },
    },
    {
      provide: ReadOpsPayout,
      inject: [OpsConsoleQueries, SCHEDULES, STUCK_SETTINGS],
      useFactory: (reads: OpsConsoleStore, schedules: ScheduleLookup, settings: StuckSettings) =>
        new ReadOpsPayout(reads, schedules, settings),
    },
    {
      provide: SearchPayouts,
      inject: [OpsConsoleQueries],
      useFactory: (reads: OpsConsoleStore) => new SearchPayouts(reads),
    },
    {
      provide: ReadOpsCharts,
      inject: [OpsConsoleQueries],
      useFactory: (reads: OpsConsoleStore) => new ReadOpsCharts(reads),
    },
    {
      provide: ReadOpsBalances,
      inject: [OpsConsoleQueries],
      useFactory: (reads: OpsConsoleStore) => new ReadOpsBalances(reads),
    },
    {
      provide: AuditLogWriter,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new AuditLogWriter(dataSource.manager),
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
      inject: [ConfigService, TIME_SCALE],
      useFactory: (config: ConfigService, timeScale: number): StuckSettings => ({
        thresholdsMs: stuckThresholdsMs(config),
        timeScale,
      }),
    },
    {
      provide: ListStuckPayouts,
      inject: [OpsQueries, SCHEDULES, STUCK_SETTINGS],
      useFactory: (reads: OpsReadStore, schedules: ScheduleLookup, settings: StuckSettings) =>
        new ListStuckPayouts(reads, schedules, settings),
    },
    {
      provide: ReadOpsOverview,
      inject: [OpsQueries, SCHEDULES, STUCK_SETTINGS],
      useFactory: (reads: OpsReadStore, schedules: ScheduleLookup, settings: StuckSettings) =>
        new ReadOpsOverview(reads, schedules, settings),
    },
    {
      provide: ListLateFlips,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new ListLateFlips(new LateFlipQueries(dataSource.manager)),
    },
    { provide: GetOpsSummary, inject: [OpsQueries], useFactory: (reads: OpsReadStore) => new GetOpsSummary(reads) },
    {
      provide: RefreshPayout,
      inject: [PAYOUT_STORE, ReconcileAttempt, AuditLogWriter, FAIL_FAST_REDIS],
      useFactory: (payouts: PayoutStore, reconcile: ReconcileAttempt, audit: AuditLogStore, failFast: Redis) => {
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
      inject: [AuditLogWriter, FAIL_FAST_REDIS, ...QUEUE_NAMES.map((name) => getQueueToken(name))],
      useFactory: (audit: AuditLogStore, failFast: Redis, ...queues: Queue[]) =>
        new RetryFailedJob(new BullMqQueueJobs(queues, failFast), audit, systemClock),
    },
    {
      provide: ResolvePayout,
      inject: [PAYOUT_STORE, TransitionPayout, AuditLogWriter],
      useFactory: (payouts: PayoutStore, transition: TransitionPayout, audit: AuditLogStore) =>
        new ResolvePayout(payouts, transition, audit, systemClock),
    },
  ],
})
export class OpsApiModule {}
