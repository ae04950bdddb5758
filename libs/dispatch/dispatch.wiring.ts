import { hostname } from 'node:os';
import { Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { entityManagerOf, type PayoutStore, type TransitionPayout } from '@libs/payouts';
import { ConfigService, parseDurationOrThrow, platformConfig } from '@libs/platform/config';
import type { ProviderRegistry } from '@libs/providers';
import {
  LoadRoutingSnapshot,
  TypeOrmRoutingStore,
  type ProviderCatalog,
  type ProviderHealthBoard,
  type RoutingStore,
} from '@libs/routing';
import {
  ApplySubmitOutcome,
  DispatchPayout,
  ReapDispatches,
  ResubmitAttempt,
  RoutePayout,
  SendAttempt,
  SettleRejectedAttempt,
  type DispatchTiming,
  type FaultPoints,
} from './application';
import { dispatchConfig, scaledMs } from './dispatch.config';
import { DispatchProcessor } from './dispatch.processor';
import { BullmqDispatchJobs } from './infrastructure/bullmq-dispatch-jobs';
import { CircuitPublisher } from './infrastructure/circuit-publisher';
import { createDispatchMetrics } from './infrastructure/dispatch.metrics';
import { ProviderCircuits } from './infrastructure/provider-circuits';
import { dispatchLease } from './infrastructure/redis-dispatch-lease';
import { DispatchStore, ReaperQueries } from './persistence';

/** What the dispatch context needs from the process. */
export interface DispatchInputs {
  config: ConfigService;
  dataSource: DataSource;
  redis: Redis;
  queue: Queue;
  registry: ProviderRegistry;
  transition: TransitionPayout;
  payoutStore: PayoutStore;
  routingReads: RoutingStore;
  catalog: ProviderCatalog;
  healthBoard: ProviderHealthBoard;
  /** NO_FAULTS in the worker; a test root module binds crash hooks. */
  faults: FaultPoints;
}

export interface DispatchContext {
  processor: DispatchProcessor;
  circuits: ProviderCircuits;
  publisher: CircuitPublisher;
  settle: SettleRejectedAttempt;
  route: RoutePayout;
}

const FLOOR_MS = { sweep: 1_000, resubmit: 250 } as const;
const PUBLISH_TTL_MS = 15_000;
const REAPER_BATCH = 200;

/** Builds the dispatch object graph from plain classes (style.md §2); the Nest module only calls this. */
export function buildDispatch(inputs: DispatchInputs): DispatchContext {
  const { config, registry } = inputs;
  const platform = config.get(platformConfig);
  const settings = config.get(dispatchConfig);
  const scale = platform.pollTimeScale;
  const logger = new Logger('Dispatch');
  const metrics = createDispatchMetrics();
  const clock = { now: () => new Date() };
  const timing: DispatchTiming = {
    timeScale: scale,
    redispatchAfterMs: scaledMs(settings.redispatchAfterMs, scale, FLOOR_MS.sweep),
    resubmitDelaysMs: settings.resubmitDelaysMs.map((d) => scaledMs(parseDurationOrThrow(d), scale, FLOOR_MS.resubmit)),
  };
  const providers = () => registry.names();

  const publisher = new CircuitPublisher(
    inputs.healthBoard,
    `${platform.instanceName ?? 'worker'}-${hostname()}-${process.pid}`,
    providers,
    PUBLISH_TTL_MS,
    (error) => logger.warn({ err: error }, 'could not publish circuit state'),
  );
  const circuits = new ProviderCircuits({
    threshold: settings.circuitThreshold,
    coolDownMs: settings.circuitCooldownMs,
    concurrencyPerProvider: settings.concurrencyPerProvider,
    metrics,
    onStateChange: (provider, circuit) => {
      logger.warn({ provider, circuit: circuit.state }, `circuit of ${provider} is now ${circuit.state}`);
      publisher.publish(provider, circuit);
    },
    onCall: (provider, isTransportFailure) =>
      void inputs.healthBoard.recordCall(provider, isTransportFailure, new Date()).catch(() => undefined),
  });

  const store = new DispatchStore(inputs.dataSource.manager, inputs.payoutStore);
  const lease = dispatchLease(inputs.redis, config);
  const jobs = new BullmqDispatchJobs(inputs.queue);
  const context = { clock, metrics, timing };
  const route = new RoutePayout(
    new LoadRoutingSnapshot(inputs.routingReads, inputs.catalog, circuits),
    store,
    // Inside a payout's transition: the same reads on its transaction (round trips, not transactions).
    (transaction) =>
      new LoadRoutingSnapshot(new TypeOrmRoutingStore(entityManagerOf(transaction)), inputs.catalog, circuits),
  );
  const settle = new SettleRejectedAttempt(inputs.transition, route, context);
  const apply = new ApplySubmitOutcome(inputs.transition, { reads: store, writes: store }, settle, jobs, context);
  const send = new SendAttempt(
    registry,
    inputs.payoutStore.beneficiaries,
    circuits,
    apply,
    inputs.faults,
    store,
    clock,
  );
  const dispatch = new DispatchPayout({
    reads: store,
    writes: store,
    lease,
    route,
    transition: inputs.transition,
    send,
    adapters: registry,
    newReference: () => uuidv7(),
    clock,
    metrics,
    timing,
  });
  const reap = new ReapDispatches(
    new ReaperQueries(inputs.dataSource),
    lease,
    jobs,
    {
      reapAfterMs: scaledMs(settings.reapAfterMs, scale, FLOOR_MS.sweep),
      redispatchAfterMs: timing.redispatchAfterMs,
      resubmitHorizonMs: (provider) => {
        const window = registry.find(provider)?.capabilities.consistencyWindowMs;
        return window === undefined ? settings.resubmitHorizonMs : Math.min(settings.resubmitHorizonMs, window / 2);
      },
      providers,
      batchSize: REAPER_BATCH,
    },
    clock,
  );
  const processor = new DispatchProcessor(
    inputs.queue,
    { dispatch, resubmit: new ResubmitAttempt(store, lease, send), reap },
    {
      concurrency: settings.concurrency,
      jobLockMs: settings.jobLockMs,
      reaperIntervalMs: scaledMs(settings.reaperIntervalMs, scale, FLOOR_MS.sweep),
      redis: inputs.redis,
    },
  );
  return { processor, circuits, publisher, settle, route };
}
