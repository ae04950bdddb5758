import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { PAYOUT_STORE, PayoutsModule, TransitionPayout, type PayoutStore } from '@libs/payouts';
import { ConfigService } from '@libs/platform/config';
import { REDIS } from '@libs/platform/redis';
import { PROVIDER_REGISTRATIONS, ProviderRegistry } from '@libs/providers';
import {
  PROVIDER_CATALOG,
  ProviderHealthBoard,
  ROUTING_READS,
  RoutingModule,
  type ProviderCatalog,
  type RoutingStore,
} from '@libs/routing';
import { DISPATCH_FAULTS, NO_FAULTS, RoutePayout, SettleRejectedAttempt, type FaultPoints } from './application';
import { buildDispatch, type DispatchContext } from './dispatch.wiring';

const DISPATCH_CONTEXT = Symbol('DISPATCH_CONTEXT');

class DispatchLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(DISPATCH_CONTEXT) private readonly context: DispatchContext) {}

  async onApplicationBootstrap(): Promise<void> {
    this.context.publisher.start(this.context.circuits);
    await this.context.processor.onApplicationBootstrap();
  }

  async onApplicationShutdown(): Promise<void> {
    this.context.publisher.stop();
    await this.context.processor.onApplicationShutdown();
  }
}

/**
 * The worker's dispatch: consumes the `dispatch` queue (jobs `dispatch-payout`, `resubmit-attempt` and the reaper's
 * `reap-dispatches`), with a circuit breaker and a concurrency limit per provider. Needs QueuesModule. Exports
 * SettleRejectedAttempt (reconciliation hands back attempts a lookup proved not executed) and RoutePayout.
 */
@Module({
  imports: [
    RoutingModule,
    PayoutsModule.forRoot({ knownProviders: PROVIDER_REGISTRATIONS.map((registration) => registration.name) }),
  ],
  providers: [
    // Only a test root module (test/support/test-worker) binds hooks that crash the worker.
    { provide: DISPATCH_FAULTS, useValue: NO_FAULTS },
    {
      provide: DISPATCH_CONTEXT,
      inject: [
        ConfigService,
        DataSource,
        REDIS,
        getQueueToken('dispatch'),
        ProviderRegistry,
        TransitionPayout,
        PAYOUT_STORE,
        ROUTING_READS,
        PROVIDER_CATALOG,
        ProviderHealthBoard,
        DISPATCH_FAULTS,
      ],
      useFactory: (
        config: ConfigService,
        dataSource: DataSource,
        redis: Redis,
        queue: Queue,
        registry: ProviderRegistry,
        transition: TransitionPayout,
        payoutStore: PayoutStore,
        routingReads: RoutingStore,
        catalog: ProviderCatalog,
        healthBoard: ProviderHealthBoard,
        faults: FaultPoints,
      ) =>
        buildDispatch({
          config,
          dataSource,
          redis,
          queue,
          registry,
          transition,
          payoutStore,
          routingReads,
          catalog,
          healthBoard,
          faults,
        }),
    },
    DispatchLifecycle,
    {
      provide: SettleRejectedAttempt,
      inject: [DISPATCH_CONTEXT],
      useFactory: (context: DispatchContext) => context.settle,
    },
    { provide: RoutePayout, inject: [DISPATCH_CONTEXT], useFactory: (context: DispatchContext) => context.route },
  ],
  exports: [SettleRejectedAttempt, RoutePayout],
})
export class DispatchModule {}
