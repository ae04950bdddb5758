import { Test } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { ConfigService } from '@libs/platform/config';
import { MIN_REPEAT_INTERVAL_MS, TIME_SCALE } from '@libs/platform/time';
import { JobSchedulerKeeper, ScheduledWorkerHost, type ScheduledJob } from './job-scheduler-keeper';

describe('JobSchedulerKeeper', () => {
  afterEach(() => jest.useRealTimers());

  it('registers at start and again on every tick, so schedulers a Redis restart forgot come back', async () => {
    jest.useFakeTimers();
    const register = jest.fn().mockResolvedValue(undefined);
    const keeper = new JobSchedulerKeeper(register, () => undefined, 1_000);
    await keeper.start();
    expect(register).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(3_000);
    expect(register).toHaveBeenCalledTimes(4);
    keeper.stop();
    await jest.advanceTimersByTimeAsync(3_000);
    expect(register).toHaveBeenCalledTimes(4);
  });

  it('keeps ticking after a failed registration (Redis still down) and reports the error', async () => {
    jest.useFakeTimers();
    const errors: unknown[] = [];
    const register = jest
      .fn()
      .mockResolvedValueOnce(undefined)
      .mockRejectedValueOnce(new Error('down'))
      .mockResolvedValue(undefined);
    const keeper = new JobSchedulerKeeper(register, (error) => errors.push(error), 1_000);
    await keeper.start();
    await jest.advanceTimersByTimeAsync(2_000);
    expect(errors).toHaveLength(1);
    expect(register).toHaveBeenCalledTimes(3);
    keeper.stop();
  });

  it("registers a queue's scheduled jobs with one set of options, each under its scheduler id", async () => {
    const upserts: unknown[][] = [];
    const queue = { upsertJobScheduler: jest.fn(async (...args: unknown[]) => void upserts.push(args)) };
    const keeper = JobSchedulerKeeper.of(
      queue as never,
      [
        { name: 'poll-due-payouts', everyMs: 500 },
        { name: 'reap-dispatches', everyMs: 1_000, schedulerId: 'dispatch-reaper' },
      ],
      { warn: () => undefined },
    );
    await keeper.start();
    keeper.stop();
    const opts = { attempts: 1, removeOnComplete: true, removeOnFail: 100 };
    expect(upserts).toEqual([
      ['poll-due-payouts', { every: 500 }, { name: 'poll-due-payouts', data: {}, opts }],
      ['dispatch-reaper', { every: 1_000 }, { name: 'reap-dispatches', data: {}, opts }],
    ]);
  });

  it('logs a failed re-registration and keeps ticking', async () => {
    jest.useFakeTimers();
    const warnings: string[] = [];
    const queue = {
      upsertJobScheduler: jest.fn().mockResolvedValueOnce(undefined).mockRejectedValueOnce(new Error('down')),
    };
    const keeper = JobSchedulerKeeper.of(queue as never, [{ name: 'sweep', everyMs: 500 }], {
      warn: (_details, message) => void warnings.push(message),
    });
    await keeper.start();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(warnings).toEqual(['re-registering job schedulers failed; retried on the next tick']);
    keeper.stop();
  });

  class SweepProcessor extends ScheduledWorkerHost {
    readonly upsertJobScheduler = jest.fn().mockResolvedValue(undefined);
    protected override get queue(): Queue {
      return { upsertJobScheduler: this.upsertJobScheduler } as unknown as Queue;
    }
    protected readonly logger = { warn: () => undefined };
    protected scheduledJobs(): ScheduledJob[] {
      return [{ name: 'sweep', everyMs: 500 }];
    }
    async process(): Promise<void> {}
  }
  const processorAt = async (timeScale: number): Promise<SweepProcessor> => {
    const moduleRef = await Test.createTestingModule({
      providers: [
        SweepProcessor,
        { provide: ConfigService, useValue: new ConfigService({}) },
        { provide: TIME_SCALE, useValue: timeScale },
      ],
    }).compile();
    return moduleRef.get(SweepProcessor);
  };

  it('a ScheduledWorkerHost registers its jobs at start-up and stops re-registering at shutdown', async () => {
    const processor = await processorAt(1);
    const { upsertJobScheduler } = processor;
    jest.useFakeTimers();
    await processor.onApplicationBootstrap();
    expect(upsertJobScheduler).toHaveBeenCalledWith(
      'sweep',
      { every: 500 },
      expect.objectContaining({ name: 'sweep' }),
    );
    await jest.advanceTimersByTimeAsync(10_000);
    expect(upsertJobScheduler).toHaveBeenCalledTimes(2);
    processor.onApplicationShutdown();
    await jest.advanceTimersByTimeAsync(30_000);
    expect(upsertJobScheduler).toHaveBeenCalledTimes(2);
  });

  it('a ScheduledWorkerHost scales its jobs by POLL_TIME_SCALE, never below MIN_REPEAT_INTERVAL_MS', async () => {
    for (const [timeScale, every] of [
      [2, 1_000],
      [0.01, MIN_REPEAT_INTERVAL_MS],
    ]) {
      const processor = await processorAt(timeScale);
      await processor.onApplicationBootstrap();
      processor.onApplicationShutdown();
      expect(processor.upsertJobScheduler).toHaveBeenCalledWith('sweep', { every }, expect.anything());
    }
  });
});
