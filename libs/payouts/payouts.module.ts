import { DynamicModule, Module, type Provider, type Type } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConfigService, platformConfig } from '@libs/platform/config';
import { scaledMs, systemClock, type Clock } from '@libs/platform/time';
import {
  CancelPayout,
  CLOCK,
  CreatePayout,
  GetPayout,
  ListPayouts,
  PAYOUT_ACCEPTANCE,
  PAYOUT_STORE,
  ReadEventsFeed,
  type PayoutAcceptance,
  TransitionPayout,
  UNIT_OF_WORK,
  type PayoutStore,
  type UnitOfWork,
} from './application';
import { prometheusPayoutFinalMetrics } from './payout-signal.metrics';
import { resolvePiiKeys } from './payouts.config';
import { TypeOrmPayoutIntake } from './persistence/payout-intake';
import { PiiCipher } from './persistence/pii-cipher';
import { TypeOrmPayoutStore, TypeOrmUnitOfWork } from './persistence/typeorm-payout-store';

export interface PayoutsModuleOptions {
  /** Registered provider names a client may pin (the process passes the provider registry's names). */
  knownProviders: readonly string[];
  /**
   * Only a process that takes payouts (the api) gives it: a module that exports PAYOUT_ACCEPTANCE (what the enabled
   * providers can pay). Without it the module has no CreatePayout.
   */
  acceptedBy?: Type<unknown> | DynamicModule;
}

/** A pending payout whose dispatch job was lost is picked up by a sweeper this long after creation (scaled). */
const FIRST_CHECK_AFTER_MS = 30_000;

/** The payout use cases over Postgres. Exports TransitionPayout, the one way to change a status. */
@Module({})
export class PayoutsModule {
  static forRoot(options: PayoutsModuleOptions): DynamicModule {
    const intake: Provider[] =
      options.acceptedBy === undefined
        ? []
        : [
            {
              provide: CreatePayout,
              inject: [DataSource, PiiCipher, CLOCK, ConfigService, PAYOUT_ACCEPTANCE],
              useFactory: (
                dataSource: DataSource,
                cipher: PiiCipher,
                clock: Clock,
                config: ConfigService,
                acceptance: PayoutAcceptance,
              ) =>
                new CreatePayout(new TypeOrmPayoutIntake(dataSource, cipher), clock, {
                  knownProviders: options.knownProviders,
                  acceptance,
                  firstCheckAfterMs: scaledMs(FIRST_CHECK_AFTER_MS, config.get(platformConfig).pollTimeScale),
                }),
            },
          ];
    return {
      module: PayoutsModule,
      imports: options.acceptedBy !== undefined ? [options.acceptedBy] : [],
      providers: [
        {
          provide: PiiCipher,
          inject: [ConfigService],
          useFactory: (config: ConfigService) => {
            const { current, previous } = resolvePiiKeys(config);
            return new PiiCipher(current, previous);
          },
        },
        { provide: CLOCK, useValue: systemClock },
        {
          provide: PAYOUT_STORE,
          inject: [DataSource, PiiCipher],
          useFactory: (dataSource: DataSource, cipher: PiiCipher) => new TypeOrmPayoutStore(dataSource.manager, cipher),
        },
        {
          provide: UNIT_OF_WORK,
          inject: [DataSource, PiiCipher],
          useFactory: (dataSource: DataSource, cipher: PiiCipher) => new TypeOrmUnitOfWork(dataSource, cipher),
        },
        {
          provide: TransitionPayout,
          inject: [UNIT_OF_WORK, CLOCK],
          useFactory: (unitOfWork: UnitOfWork, clock: Clock) =>
            new TransitionPayout(unitOfWork, clock, prometheusPayoutFinalMetrics()),
        },
        ...intake,
        { provide: GetPayout, inject: [PAYOUT_STORE], useFactory: (store: PayoutStore) => new GetPayout(store) },
        { provide: ListPayouts, inject: [PAYOUT_STORE], useFactory: (store: PayoutStore) => new ListPayouts(store) },
        {
          provide: ReadEventsFeed,
          inject: [PAYOUT_STORE],
          useFactory: (store: PayoutStore) => new ReadEventsFeed(store),
        },
        {
          provide: CancelPayout,
          inject: [PAYOUT_STORE, TransitionPayout],
          useFactory: (store: PayoutStore, transition: TransitionPayout) => new CancelPayout(store, transition),
        },
      ],
      exports: [
        PiiCipher,
        CLOCK,
        PAYOUT_STORE,
        UNIT_OF_WORK,
        TransitionPayout,
        ...(options.acceptedBy !== undefined ? [CreatePayout] : []),
        GetPayout,
        ListPayouts,
        ReadEventsFeed,
        CancelPayout,
      ],
    };
  }
}
