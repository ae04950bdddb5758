import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ConfigService } from '@libs/platform/config';
import type { PayoutProvider } from '@libs/providers/contract';
import type { ProviderRegistry } from '@libs/providers';
import type { ResumeStalledRuns, RunReconciliation, StartReconciliationRun } from './application/reconciliation-runs';
import {
  DAILY_RECONCILIATION_JOB,
  DAILY_RUN_REASON,
  ReconciliationRunsProcessor,
} from './reconciliation-runs.processor';

const withListing = { name: 'lister', listTransfers: jest.fn() } as unknown as PayoutProvider;
const withoutListing = { name: 'plain' } as unknown as PayoutProvider;

function processorWith(env: Record<string, string> = {}) {
  const start = { execute: jest.fn(async () => ({ run: { id: 'run-1' }, created: true })) };
  const runner = { execute: jest.fn(), fail: jest.fn() };
  const registry = { enabled: () => [{ provider: withListing }, { provider: withoutListing }] };
  const processor = new ReconciliationRunsProcessor(
    runner as unknown as RunReconciliation,
    start as unknown as StartReconciliationRun,
    registry as unknown as ProviderRegistry,
    { execute: jest.fn(async () => []) } as unknown as ResumeStalledRuns,
  );
  Object.assign(processor, { config: new ConfigService(env) });
  return { processor, start, runner };
}

describe('ReconciliationRunsProcessor', () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('schedules the daily run at RECONCILIATION_REPORT_AT as a cron pattern in its zone', () => {
    const { processor } = processorWith({ RECONCILIATION_REPORT_AT: '03:30 Europe/Istanbul' });
    const jobs = (processor as unknown as { scheduledJobs(): { name: string; cron?: unknown }[] }).scheduledJobs();
    expect(jobs.find((job) => job.name === DAILY_RECONCILIATION_JOB)?.cron).toEqual({
      pattern: '30 3 * * *',
      tz: 'Europe/Istanbul',
    });
  });

  it('starts the previous Istanbul day for each enabled provider with a listing, and no other', async () => {
    jest.useFakeTimers({ now: new Date('2026-12-05T23:00:00Z'), doNotFake: ['setImmediate', 'nextTick'] });
    const { processor, start } = processorWith();
    await processor.process({ name: DAILY_RECONCILIATION_JOB, data: {} } as Job);
    expect(start.execute).toHaveBeenCalledTimes(1);
    expect(start.execute).toHaveBeenCalledWith({
      provider: 'lister',
      from: '2026-12-04T21:00:00.000Z',
      to: '2026-12-05T21:00:00.000Z',
      reason: DAILY_RUN_REASON,
      requestedBy: null,
    });
  });

  it('marks the run failed only when its job has no attempt left, and rethrows so BullMQ retries', async () => {
    const { processor, runner } = processorWith();
    runner.execute.mockRejectedValue(new Error('listing page 3 unavailable: server_error'));
    const job = (attemptsMade: number) =>
      ({ name: 'run-reconciliation', data: { runId: 'r1' }, attemptsMade, opts: { attempts: 10 } }) as unknown as Job;
    await expect(processor.process(job(3))).rejects.toThrow('unavailable');
    expect(runner.fail).not.toHaveBeenCalled();
    await expect(processor.process(job(9))).rejects.toThrow('unavailable');
    expect(runner.fail).toHaveBeenCalledWith('r1', 'listing page 3 unavailable: server_error');
  });
});
