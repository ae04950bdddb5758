import { DynamicModule, Module, type Type } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ApprovalPolicyCache,
  CLOCK,
  createPayoutOptions,
  KNOWN_PROVIDERS,
  PAYOUT_ACCEPTANCE,
  PayoutsModule,
  payoutsConfig,
  PiiCipher,
  type PayoutAcceptance,
} from '@libs/payouts';
import { ConfigService } from '@libs/platform/config';
import { scaledMs, TIME_SCALE, type Clock } from '@libs/platform/time';
import { CreateBatch, ReadBatches } from './application';
import { BATCH_LIMITS, type BatchLimits } from './batch-limits';
import { batchesConfig } from './batches.config';
import { BatchesController } from './http/batches.controller';
import { PostgresBatchIntake } from './persistence/batch-intake';
import { PostgresBatchReads } from './persistence/batch-reads';

export interface BatchesApiParams {
  /** A module that exports PAYOUT_ACCEPTANCE and KNOWN_PROVIDERS (as for PayoutsApiModule). */
  acceptedBy: Type<unknown> | DynamicModule;
}

/** The batch routes of the api process: /v1/payout-batches (intake and reads). */
@Module({})
export class BatchesApiModule {
  static forRoot(params: BatchesApiParams): DynamicModule {
    return {
      module: BatchesApiModule,
      imports: [PayoutsModule, params.acceptedBy],
      controllers: [BatchesController],
      providers: [
        {
          provide: BATCH_LIMITS,
          inject: [ConfigService],
          useFactory: (config: ConfigService): BatchLimits => config.get(batchesConfig),
        },
        {
          provide: CreateBatch,
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
            // The process's one view of the policy (PayoutsModule), never trusted alone: the batch intake checks its
            // version in the batch's transaction and learns a newer one (decision 0013).
            policies: ApprovalPolicyCache,
          ) => {
            return new CreateBatch(new PostgresBatchIntake(dataSource, cipher), clock, {
              // The rules of a single payout's body, built as PayoutsApiModule builds them.
              payoutRules: createPayoutOptions(config, timeScale, acceptance, knownProviders),
              maxItems: config.get(batchesConfig).maxItems,
              policies,
              approvalTimeoutMs: scaledMs(config.get(payoutsConfig).approvalTimeoutMs, timeScale),
            });
          },
        },
        {
          provide: ReadBatches,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new ReadBatches(new PostgresBatchReads(dataSource)),
        },
      ],
    };
  }
}
