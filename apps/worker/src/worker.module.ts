import { Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { PlatformModule } from '@libs/manifest';
import { OutboxRelayModule } from '@libs/notifications';
import { QueueProbe, QueueProbeProcessor, QueuesModule } from '@libs/platform/queues';

/** The worker process: queue processors, pollers and relays, plus health and metrics over HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(logger: Logger) {
    return {
      module: WorkerModule,
      imports: [PlatformModule.forRoot({ role: 'worker', logger }), QueuesModule.forRoot(), OutboxRelayModule],
      providers: [QueueProbeProcessor, QueueProbe],
    };
  }
}
