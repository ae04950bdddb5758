import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Job, Queue } from 'bullmq';

export const PROBE_JOB = 'probe';
export interface ProbeJob {
  sentAt: string;
  /** How long the handler works, to rehearse graceful shutdown with a job in flight. */
  workMs?: number;
}

/**
 * A round trip through Redis and a worker: `enqueueProbe` then wait for the job to complete. Used by the queue
 * resilience tests and by `npm run cli -- queues:probe` to check that some worker is consuming.
 */
@Processor('maintenance', { concurrency: 4 })
export class QueueProbeProcessor extends WorkerHost {
  private readonly logger = new Logger('QueueProbe');

  async process(job: Job<ProbeJob>): Promise<{ handledAt: string; pid: number }> {
    if (job.name !== PROBE_JOB) return { handledAt: new Date().toISOString(), pid: process.pid };
    if (job.data.workMs) await new Promise((resolve) => setTimeout(resolve, job.data.workMs));
    this.logger.log({ jobId: job.id }, 'probe job handled');
    return { handledAt: new Date().toISOString(), pid: process.pid };
  }
}

@Injectable()
export class QueueProbe {
  constructor(@InjectQueue('maintenance') private readonly queue: Queue) {}

  async enqueue(jobId: string, data: ProbeJob): Promise<void> {
    await this.queue.add(PROBE_JOB, data, { jobId, attempts: 20, backoff: { type: 'fixed', delay: 500 } });
  }
}
