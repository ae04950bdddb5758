import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConfigService, platformConfig } from '@libs/platform/config';
import {
  CancelPayout,
  CLOCK,
  CreatePayout,
  GetPayout,
  ListPayouts,
  PAYOUT_STORE,
  ReadEventsFeed,
  TransitionPayout,
  UNIT_OF_WORK,
  type Clock,
  type PayoutStore,
  type UnitOfWork,
} from './application';
import { resolvePiiKeys } from './payouts.config';
import { PiiCipher } from './persistence/pii-cipher';
import { TypeOrmPayoutStore, TypeOrmUnitOfWork } from './persistence/typeorm-payout-store';

export interface PayoutsModuleOptions {
  /** Registered provider names a client may pin (the process passes the provider registry's names). */
  knownProviders: readonly string[];
}

export const systemClock: Clock = { now: () => new Date() };

/** A pending payout whose dispatch job was lost is picked up by a sweeper this long after creation (scaled). */
const FIRST_CHECK_AFTER_MS = 30_000;

/** The payout use cases over Postgres. Exports TransitionPayout, the one way to change a status. */
@Module({})
export class PayoutsModule {
  static forRoot(options: PayoutsModuleOptions): DynamicModule {
    return {
      module: PayoutsModule,
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
          useFactory: (unitOfWork: UnitOfWork, clock: Clock) => new TransitionPayout(unitOfWork, clock),
        },
        {
          provide: CreatePayout,
          inject: [UNIT_OF_WORK, CLOCK, ConfigService],
          useFactory: (unitOfWork: UnitOfWork, clock: Clock, config: ConfigService) =>
            new CreatePayout(unitOfWork, clock, {
              knownProviders: options.knownProviders,
              firstCheckAfterMs: Math.round(FIRST_CHECK_AFTER_MS * config.get(platformConfig).pollTimeScale),
            }),
        },
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
        CreatePayout,
        GetPayout,
        ListPayouts,
        ReadEventsFeed,
        CancelPayout,
      ],
    };
  }
}
