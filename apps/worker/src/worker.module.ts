import { Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { DispatchJobsModule } from '@libs/dispatch';
import { PlatformModule } from '@libs/manifest';
import { NotificationsJobsModule } from '@libs/notifications';
import { OpsMetricsModule } from '@libs/ops';
import { PayoutsJobsModule } from '@libs/payouts';
import { QueuesModule } from '@libs/platform/queues';
import { ReconciliationJobsModule } from '@libs/reconciliation';
import { RetentionModule } from '@libs/retention';
import { WebhooksJobsModule } from '@libs/webhooks';

/** The worker process: queue processors, pollers and relays, plus health and metrics over HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(logger: Logger) {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot({ role: 'worker', logger }),
        QueuesModule.forRoot(),
        WebhooksJobsModule,
        ReconciliationJobsModule,
        DispatchJobsModule,
        PayoutsJobsModule,
        NotificationsJobsModule,
        OpsMetricsModule,
        RetentionModule,
      ],
    };
  }
}
