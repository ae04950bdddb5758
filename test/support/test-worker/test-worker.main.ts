// The worker under a test root module: apps/worker's WorkerModule with the crash hooks a test asks for bound in place
// of the production no-ops (DISPATCH_FAULT, FAULT_INJECT: comma-separated points), and the queue probe the queue
// resilience tests use. Started from the sources by test/support/processes.ts (startTestWorker); never built.
import 'reflect-metadata';
import { BullModule } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DISPATCH_FAULTS } from '@libs/dispatch';
import { bootstrapProcess } from '@libs/manifest';
import { OUTBOX_FAULTS } from '@libs/notifications';
import { serveWorker } from '../../../apps/worker/src/serve-worker';
import { WorkerModule } from '../../../apps/worker/src/worker.module';
import { sigkillFaultPointsOrThrow } from './dispatch-faults';
import { ExitingOutboxFaults, outboxFaultPointsOrThrow } from './outbox-faults';
import { QueueProbeProcessor } from './queue-probe.processor';

const listed = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);

async function main(): Promise<void> {
  const { config, logger } = bootstrapProcess('worker');
  const dispatchFaults = listed(process.env.DISPATCH_FAULT);
  const outboxFaults = listed(process.env.FAULT_INJECT);
  const dispatchLogger = new Logger('Dispatch');
  if (dispatchFaults.length > 0) logger.warn(`fault injection armed: ${dispatchFaults.join(', ')}`);
  const root = await Test.createTestingModule({
    imports: [WorkerModule.forRoot(logger), BullModule.registerQueue({ name: 'maintenance' })],
    providers: [QueueProbeProcessor],
  })
    .overrideProvider(DISPATCH_FAULTS)
    .useValue(sigkillFaultPointsOrThrow(dispatchFaults, dispatchLogger))
    .overrideProvider(OUTBOX_FAULTS)
    .useValue(new ExitingOutboxFaults(outboxFaultPointsOrThrow(outboxFaults), new Logger('OutboxRelay')))
    .compile();
  await serveWorker(root.createNestApplication({ bufferLogs: true }), config, logger);
}

main().catch((error: unknown) => {
  process.stderr.write(`test worker failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
