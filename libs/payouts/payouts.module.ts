import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConfigService } from '@libs/platform/config';
import { PROCESS_CLOCK, scaledMs, TIME_SCALE, type Clock } from '@libs/platform/time';
import {
  ApprovalPolicyCache,
  CancelPayout,
  CLOCK,
  DecideApprovals,
  FIRST_CHECK_AFTER_MS,
  ListAwaitingApproval,
  ExportPayouts,
  GetPayout,
  ListPayouts,
  PAYOUT_STORE,
  ReadEventsFeed,
  EXPECTED_COMPLETION,
  TransitionPayout,
  UNIT_OF_WORK,
  type ExpectedCompletion,
  type PayoutStore,
  type UnitOfWork,
} from './application';
import { prometheusPayoutFinalMetrics } from './payout-signal.metrics';
import { resolvePiiKeys } from './payouts.config';
import { AwaitingApprovalRepository } from './persistence/approval-policy.repository';
import { PayoutExportRepository } from './persistence/payout-export.repository';
import { ApprovalPolicyRepository } from './persistence/approval-policy.repository';
import { PiiCipher } from './persistence/pii-cipher';
import { TypeOrmPayoutStore, TypeOrmUnitOfWork } from './persistence/typeorm-payout-store';

/**
 * The payout use cases over Postgres, one instance per process. Exports TransitionPayout, the one way to change a
 * status. CreatePayout is the api's (PayoutsApiModule).
 */
@Module({
  providers: [
    {
      provide: PiiCipher,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => {
        const { current, previous } = resolvePiiKeys(config);
        return new PiiCipher(current, previous);
      },
    },
    { provide: CLOCK, useExisting: PROCESS_CLOCK },
    // One per process: every intake (single payouts, batches) decides on it and a policy change here teaches it at
    // once. Read once at start, so the first intake needs no second try; if that read fails, the first intake learns
    // it instead (each intake checks the policy version in its own statement: decisions 0010, 0013).
    {
      provide: ApprovalPolicyCache,
      inject: [DataSource],
      useFactory: async (dataSource: DataSource) => {
        const cache = new ApprovalPolicyCache();
        try {
          cache.learn(await new ApprovalPolicyRepository(dataSource).current());
        } catch {
          // The first intake learns it.
        }
        return cache;
      },
    },
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
      inject: [UNIT_OF_WORK, CLOCK, { token: EXPECTED_COMPLETION, optional: true }],
      useFactory: (unitOfWork: UnitOfWork, clock: Clock, completion?: ExpectedCompletion) =>
        new TransitionPayout(unitOfWork, clock, prometheusPayoutFinalMetrics(), completion),
    },
    { provide: GetPayout, inject: [PAYOUT_STORE], useFactory: (store: PayoutStore) => new GetPayout(store) },
    { provide: ListPayouts, inject: [PAYOUT_STORE], useFactory: (store: PayoutStore) => new ListPayouts(store) },
    {
      provide: ExportPayouts,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new ExportPayouts(new PayoutExportRepository(dataSource)),
    },
    { provide: ReadEventsFeed, inject: [PAYOUT_STORE], useFactory: (store: PayoutStore) => new ReadEventsFeed(store) },
    {
      provide: CancelPayout,
      inject: [PAYOUT_STORE, TransitionPayout],
      useFactory: (store: PayoutStore, transition: TransitionPayout) => new CancelPayout(store, transition),
    },
    // The approvers' decisions and queue: the approvals API and the /ops page's approvals queue use the same ones.
    {
      provide: DecideApprovals,
      inject: [TransitionPayout, CLOCK, TIME_SCALE],
      useFactory: (transition: TransitionPayout, clock: Clock, timeScale: number) =>
        new DecideApprovals(transition, clock, { firstCheckAfterMs: scaledMs(FIRST_CHECK_AFTER_MS, timeScale) }),
    },
    {
      provide: ListAwaitingApproval,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new ListAwaitingApproval(new AwaitingApprovalRepository(dataSource)),
    },
  ],
  exports: [
    PiiCipher,
    CLOCK,
    ApprovalPolicyCache,
    PAYOUT_STORE,
    UNIT_OF_WORK,
    TransitionPayout,
    GetPayout,
    ListPayouts,
    ExportPayouts,
    ReadEventsFeed,
    CancelPayout,
    DecideApprovals,
    ListAwaitingApproval,
  ],
})
export class PayoutsModule {}
