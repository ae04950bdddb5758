import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';

export const PROBE_JOB = 'probe';
export interface ProbeJob {
  sentAt: string;
  /** How long the handler works, to rehearse graceful shutdown with a job in flight. */
  workMs?: number;
}

/**
 * A round trip through Redis and the worker: the queue resilience tests add `probe` jobs to the otherwise unused
 * `maintenance` queue and wait for them to complete.
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
