import { Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { ClientsAuthModule } from '@libs/clients';
import { PlatformModule } from '@libs/manifest';
import { NotificationsHttpModule } from '@libs/notifications';
import { OpsModule } from '@libs/ops';
import { PayoutsHttpModule } from '@libs/payouts';
import { QueuesModule } from '@libs/platform/queues';
import { RoutingHttpModule, RoutingModule } from '@libs/routing';
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
        PayoutsHttpModule.forRoot({ acceptedBy: RoutingModule }),
        WebhooksApiModule,
        RoutingHttpModule,
        QueuesModule.forRoot(), // the ops queue dashboard and queue-depth gauges read the queues; nothing consumes here
        OpsModule,
        NotificationsHttpModule,
      ],
    };
  }
}
