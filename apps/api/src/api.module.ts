import { Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { BatchesApiModule, BatchLifecycleApiModule } from '@libs/batches';
import { ClientsAuthModule } from '@libs/clients';
import { PlatformModule } from '@libs/manifest';
import { NotificationsApiModule } from '@libs/notifications';
import { OpsApiModule } from '@libs/ops';
import { PayoutsApiModule } from '@libs/payouts';
import { QueuesModule } from '@libs/platform/queues';
import { RailsApiModule } from '@libs/rails';
import { RoutingApiModule, RoutingModule } from '@libs/routing';
import { WebhooksApiModule } from '@libs/webhooks';

/** The api process: HTTP only. Which modules it lists decides what it runs. */
@Module({})
export class ApiModule {
  static forRoot(logger: Logger) {
    return {
      module: ApiModule,
      imports: [
        PlatformModule.forRoot({ role: 'api', logger }),
        ClientsAuthModule,
        PayoutsApiModule.forRoot({ acceptedBy: RoutingModule }),
        BatchesApiModule.forRoot({ acceptedBy: RoutingModule }),
        WebhooksApiModule,
        RoutingApiModule,
        QueuesModule.forRoot(), // the ops queue dashboard and queue-depth gauges read the queues; nothing consumes here
        OpsApiModule,
        NotificationsApiModule,
        BatchLifecycleApiModule,
        RailsApiModule,
      ],
    };
  }
}
