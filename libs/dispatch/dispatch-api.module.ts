import { Module, type Provider } from '@nestjs/common';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { entityManagerOf, PAYOUT_STORE, PayoutsModule, TransitionPayout, type PayoutStore } from '@libs/payouts';
import { ConfigService, parseDurationOrThrow } from '@libs/platform/config';
import { FAIL_FAST_REDIS, requireRedis } from '@libs/platform/redis';
import {
  LoadRoutingSnapshot,
  PROVIDER_CATALOG,
  ProviderHealthBoard,
  ROUTING_READS,
  RoutingModule,
  TypeOrmRoutingStore,
  type CircuitView,
  type ProviderCatalog,
  type RoutingStore,
} from '@libs/routing';
import { RoutePayout, SettleRejectedAttempt, type DispatchMetrics, type DispatchTiming } from './application';
import { dispatchConfig } from './dispatch.config';
import { PROCESS_CLOCK, scaledMs, TIME_SCALE, type Clock } from '@libs/platform/time';
import { createDispatchMetrics } from './infrastructure/dispatch.metrics';
import { DispatchStore } from './persistence';

/** Which providers routing avoids for their open circuit: the worker's own breakers, the workers' board in the api. */
export const CIRCUIT_VIEW = Symbol('CIRCUIT_VIEW');
/** What every dispatch use case reads besides its stores: the clock, the metrics and the scaled timing. */
export const DISPATCH_CONTEXT = Symbol('DISPATCH_CONTEXT');

export interface DispatchContext {
  clock: Clock;
  metrics: DispatchMetrics;
  timing: DispatchTiming;
}

/** Scaled intervals never go below these, however small POLL_TIME_SCALE is. */
export const DISPATCH_FLOOR_MS = { sweep: 1_000, resubmit: 250 } as const;

/**
 * RoutePayout and SettleRejectedAttempt over a CIRCUIT_VIEW the role's module provides: the part of dispatch that
 * decides failover or failure for an attempt proven not executed, in the worker (dispatch, the poller) and in the api
 * (an ops refresh, which runs the poller's ReconcileAttempt).
 */
export const SETTLEMENT_PROVIDERS: Provider[] = [
  {
    provide: DISPATCH_CONTEXT,
    inject: [ConfigService, TIME_SCALE, PROCESS_CLOCK],
    useFactory: (config: ConfigService, scale: number, clock: Clock): DispatchContext => {
      const settings = config.get(dispatchConfig);
      return {
        clock,
        metrics: createDispatchMetrics(),
        timing: {
          timeScale: scale,
          redispatchAfterMs: scaledMs(settings.redispatchAfterMs, scale, DISPATCH_FLOOR_MS.sweep),
          resubmitDelaysMs: settings.resubmitDelaysMs.map((delay) =>
            scaledMs(parseDurationOrThrow(delay), scale, DISPATCH_FLOOR_MS.resubmit),
          ),
          insufficientBalanceWaitMs: scaledMs(settings.insufficientBalanceWaitMs, scale, DISPATCH_FLOOR_MS.sweep),
        },
      };
    },
  },
  {
    provide: DispatchStore,
    inject: [DataSource, PAYOUT_STORE],
    useFactory: (dataSource: DataSource, payouts: PayoutStore) => new DispatchStore(dataSource.manager, payouts),
  },
  {
    provide: RoutePayout,
    inject: [ROUTING_READS, PROVIDER_CATALOG, CIRCUIT_VIEW, DispatchStore],
    useFactory: (reads: RoutingStore, catalog: ProviderCatalog, circuits: CircuitView, store: DispatchStore) =>
      new RoutePayout(
        new LoadRoutingSnapshot(reads, catalog, circuits),
        store,
        // Inside a payout's transition: the same reads on its transaction (round trips, not transactions).
        (transaction) =>
          new LoadRoutingSnapshot(new TypeOrmRoutingStore(entityManagerOf(transaction)), catalog, circuits),
      ),
  },
  {
    provide: SettleRejectedAttempt,
    inject: [TransitionPayout, RoutePayout, DISPATCH_CONTEXT, DispatchStore],
    useFactory: (transition: TransitionPayout, route: RoutePayout, context: DispatchContext, store: DispatchStore) =>
      new SettleRejectedAttempt(transition, route, context, store),
  },
];

/**
 * The api's dispatch: only the settlement of an attempt a lookup proved not executed (an ops refresh), routed with the
 * workers' circuit states from the health board, read over FAIL_FAST_REDIS as the api's routing routes read them.
 */
@Module({
  imports: [RoutingModule, PayoutsModule],
  providers: [
    ...SETTLEMENT_PROVIDERS,
    {
      provide: CIRCUIT_VIEW,
      inject: [FAIL_FAST_REDIS, PROVIDER_CATALOG],
      useFactory: (failFast: Redis, catalog: ProviderCatalog): CircuitView => {
        const board = new ProviderHealthBoard(failFast, () => catalog.list().map((provider) => provider.name));
        return {
          openCircuits: (now) =>
            requireRedis("routing a failover (the workers' circuit states)", () => board.openCircuits(now)),
        };
      },
    },
  ],
  exports: [SettleRejectedAttempt],
})
export class DispatchApiModule {}
