import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PayoutsModule, TransitionPayout } from '@libs/payouts';
import { CancelBatch } from './application/cancel-batch';
import { ReadBatches } from './application/read-batches';
import { BatchCancelController } from './http/batch-cancel.controller';
import { BatchCancelQueries } from './persistence/batch-cancel.queries';
import { PostgresBatchReads } from './persistence/batch-reads';

/** Items canceled at once by a batch cancel (each its own transaction). */
const CANCEL_CONCURRENCY = 4;

/** The api's batch lifecycle: the batch cancel (decision 0012). */
@Module({
  imports: [PayoutsModule],
  controllers: [BatchCancelController],
  providers: [
    {
      provide: CancelBatch,
      inject: [DataSource, TransitionPayout],
      useFactory: (dataSource: DataSource, transition: TransitionPayout) =>
        new CancelBatch(
          new BatchCancelQueries(dataSource),
          new ReadBatches(new PostgresBatchReads(dataSource)),
          transition,
          { concurrency: CANCEL_CONCURRENCY },
        ),
    },
  ],
})
export class BatchLifecycleApiModule {}
