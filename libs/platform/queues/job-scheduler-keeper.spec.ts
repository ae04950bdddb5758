import { JobSchedulerKeeper } from './job-scheduler-keeper';

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
});
