import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLOCK, PayoutsModule, TransitionPayout } from '@libs/payouts';
import { scaledMs, TIME_SCALE, type Clock } from '@libs/platform/time';
import { CancelBatch } from './application/cancel-batch';
import { DecideBatchApproval } from './application/decide-batch-approval';
import { ReadBatches } from './application/read-batches';
import { BatchApprovalController } from './http/batch-approval.controller';
import { BatchCancelController } from './http/batch-cancel.controller';
import { BatchApprovalQueries } from './persistence/batch-approval.queries';
import { BatchCancelQueries } from './persistence/batch-cancel.queries';
import { PostgresBatchReads } from './persistence/batch-reads';

/** Items canceled at once by a batch cancel (each its own transaction). */
const CANCEL_CONCURRENCY = 4;
/** Items moved at once after a batch decision (each its own TransitionPayout transaction). */
const DECISION_CONCURRENCY = 8;
/** When the approval expiry job takes over an item a batch decision left behind (a crash), before POLL_TIME_SCALE. */
const DECISION_RECHECK_AFTER_MS = 60_000;

/** The api's batch lifecycle: the batch cancel (decision 0012) and the batch approvals (decision 0013). */
@Module({
  imports: [PayoutsModule],
  controllers: [BatchCancelController, BatchApprovalController],
  providers: [
    {
      provide: ReadBatches,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new ReadBatches(new PostgresBatchReads(dataSource)),
    },
    {
      provide: CancelBatch,
      inject: [DataSource, TransitionPayout, ReadBatches],
      useFactory: (dataSource: DataSource, transition: TransitionPayout, reads: ReadBatches) =>
        new CancelBatch(new BatchCancelQueries(dataSource), reads, transition, { concurrency: CANCEL_CONCURRENCY }),
    },
    {
      provide: DecideBatchApproval,
      inject: [DataSource, TransitionPayout, ReadBatches, CLOCK, TIME_SCALE],
      useFactory: (
        dataSource: DataSource,
        transition: TransitionPayout,
        reads: ReadBatches,
        clock: Clock,
        timeScale: number,
      ) =>
        new DecideBatchApproval(new BatchApprovalQueries(dataSource), reads, transition, clock, {
          concurrency: DECISION_CONCURRENCY,
          recheckAfterMs: scaledMs(DECISION_RECHECK_AFTER_MS, timeScale),
        }),
    },
  ],
  exports: [DecideBatchApproval],
})
export class BatchLifecycleApiModule {}
