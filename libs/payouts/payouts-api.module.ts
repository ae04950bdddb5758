import { DynamicModule, Module, type Type } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ApprovalPolicyCache,
  CLOCK,
  CreatePayout,
  KNOWN_PROVIDERS,
  ManageApprovalPolicy,
  PAYOUT_ACCEPTANCE,
  type CreatePayoutOptions,
  type PayoutAcceptance,
} from './application';
import { KNOWN_CURRENCIES } from './domain';
import { ApprovalPolicyRepository } from './persistence/approval-policy.repository';
import { ApprovalsController } from './http/approvals.controller';
import { ConfigService } from '@libs/platform/config';
import { scaledMs, TIME_SCALE, type Clock } from '@libs/platform/time';
import { FIRST_CHECK_AFTER_MS } from './application';
import { payoutsConfig } from './payouts.config';
import { PayoutsModule } from './payouts.module';
import { TypeOrmPayoutIntake } from './persistence/payout-intake';
import { PiiCipher } from './persistence/pii-cipher';
import { EventsController } from './http/events.controller';
import { PayoutsController } from './http/payouts.controller';

/**
 * The rules a creation body is read with (newPayoutOrThrow): one construction for single payouts and for the items of
 * a batch (libs/batches), so both refuse and schedule alike.
 */
export const createPayoutOptions = (
  config: ConfigService,
  timeScale: number,
  acceptance: PayoutAcceptance,
  knownProviders: readonly string[],
): CreatePayoutOptions => ({
  knownProviders,
  acceptance,
  firstCheckAfterMs: scaledMs(FIRST_CHECK_AFTER_MS, timeScale),
  scheduleMaxAheadMs: config.get(payoutsConfig).scheduleMaxAheadMs,
});

export interface PayoutsApiParams {
  /** A module that exports PAYOUT_ACCEPTANCE (what the enabled providers can pay) and KNOWN_PROVIDERS. */
  acceptedBy: Type<unknown> | DynamicModule;
}

/** The payout routes of the api process: /v1/payouts (with CreatePayout) and the /v1/events feed. */
@Module({})
export class PayoutsApiModule {
  static forRoot(params: PayoutsApiParams): DynamicModule {
    return {
      module: PayoutsApiModule,
      imports: [PayoutsModule, params.acceptedBy],
      controllers: [PayoutsController, EventsController, ApprovalsController],
      providers: [
        {
          provide: ManageApprovalPolicy,
          inject: [DataSource, ApprovalPolicyCache, CLOCK],
          useFactory: (dataSource: DataSource, cache: ApprovalPolicyCache, clock: Clock) =>
            new ManageApprovalPolicy(new ApprovalPolicyRepository(dataSource), cache, clock, KNOWN_CURRENCIES),
        },
        {
          provide: CreatePayout,
          inject: [
            DataSource,
            PiiCipher,
            CLOCK,
            TIME_SCALE,
            PAYOUT_ACCEPTANCE,
            KNOWN_PROVIDERS,
            ConfigService,
            ApprovalPolicyCache,
          ],
          useFactory: (
            dataSource: DataSource,
            cipher: PiiCipher,
            clock: Clock,
            timeScale: number,
            acceptance: PayoutAcceptance,
            knownProviders: readonly string[],
            config: ConfigService,
            policies: ApprovalPolicyCache,
          ) =>
            new CreatePayout(new TypeOrmPayoutIntake(dataSource, cipher), clock, {
              ...createPayoutOptions(config, timeScale, acceptance, knownProviders),
              policies,
              approvalTimeoutMs: scaledMs(config.get(payoutsConfig).approvalTimeoutMs, timeScale),
            }),
        },
      ],
    };
  }
}
