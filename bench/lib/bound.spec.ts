import { cpuPerPayout, gapText, perPayout, whatBounds } from './bound';
import type { ResourceUse } from './resources';

const use = (cores: number, extra: Partial<ResourceUse> = {}): ResourceUse => ({
  maxRssMb: 100,
  maxProcessRssMb: 100,
  cores,
  busiestProcessCores: cores,
  cpuMs: cores * 10_000,
  processes: 1,
  ...extra,
});

describe('per succeeded payout', () => {
  it('divides a run total by the succeeded payouts, to 0.1', () => {
    expect(perPayout(49_000, 2_500)).toBe(19.6);
    expect(perPayout(10, 3)).toBe(3.3);
  });

  it('gives no figure when nothing succeeded, rather than the total', () => {
    expect(perPayout(1_234, 0)).toBeNaN();
  });

  it('sums CPU over api, workers, Postgres and Redis, and keeps the sandbox and the client apart', () => {
    const cpu = cpuPerPayout(
      {
        api: use(0.2, { cpuMs: 5_000 }),
        worker1: use(0.5, { cpuMs: 12_000 }),
        postgres: use(0.6, { cpuMs: 14_000 }),
        redis: use(0.05, { cpuMs: 1_000 }),
        sandbox: use(0.1, { cpuMs: 2_000 }),
        'load generator': use(0.05, { cpuMs: 1_000 }),
      },
      1_000,
    );
    expect(cpu.oursMs).toBe(32);
    expect(cpu.byProcess).toEqual({ api: 5, worker1: 12, postgres: 14, redis: 1 });
    expect(cpu.notOurs).toEqual({ sandbox: 2, 'load generator': 1 });
  });
});

describe('the gap to a target', () => {
  it('for an at-least target, says measured/target and how much more it needs', () => {
    expect(gapText('throughput', 0.07, 0.5, 'at least')).toEqual({
      met: false,
      text: 'throughput measured/target 0.14× (needs 7.14×)',
    });
    expect(gapText('throughput', 0.5, 0.5, 'at least').met).toBe(true);
  });

  it('for an at-most target, says measured/target', () => {
    expect(gapText('CPU ms', 35, 10, 'at most')).toEqual({ met: false, text: 'CPU ms measured/target 3.5×' });
    expect(gapText('CPU ms', 10, 10, 'at most').met).toBe(true);
  });
});

describe('what bounds a run', () => {
  it('names a process at a full core', () => {
    const text = whatBounds({ api: use(0.97), postgres: use(0.4) }, { busyCores: 1.5, stealPercent: 0 }, 2);
    expect(text).toMatch(/^api at a full core \(0\.97\)/);
    expect(text).toContain('CPU in cores: api 0.97, postgres 0.4');
  });

  it('names the machine when every core is busy but no single process is at a full core', () => {
    const text = whatBounds(
      { postgres: use(0.61, { busiestProcessCores: 0.1, processes: 12 }), worker1: use(0.57), api: use(0.43) },
      { busyCores: 1.8, stealPercent: 0.2 },
      2,
    );
    expect(text).toMatch(/^the machine's CPU \(1\.8 of 2 cores busy\)/);
  });

  it('says how much of the busy CPU was outside the bench (other sessions on a shared machine)', () => {
    const text = whatBounds({ postgres: use(0.17), worker1: use(0.15) }, { busyCores: 2, stealPercent: 0 }, 2);
    expect(text).toMatch(/^the machine's CPU \(2 of 2 cores busy, 1\.68 of them by processes outside the bench\)/);
  });

  it('counts an api of several processes by its busiest one', () => {
    const text = whatBounds(
      { api: use(1.9, { busiestProcessCores: 0.95, processes: 2 }) },
      { busyCores: 1.95, stealPercent: 0 },
      2,
    );
    expect(text).toContain('api (2 processes, busiest at 0.95 of a core)');
  });

  it('says the run waits when neither a process nor the machine is at its limit', () => {
    const text = whatBounds({ api: use(0.2), postgres: use(0.3) }, { busyCores: 0.6, stealPercent: 0 }, 2);
    expect(text).toMatch(/^no process at a full core and 0\.6 of 2 cores busy: it waits/);
  });

  it('warns when the load generator itself is at a full core', () => {
    const text = whatBounds({ api: use(0.5), 'load generator': use(0.99) }, { busyCores: 1.6, stealPercent: 0 }, 2);
    expect(text).toContain('the client bounds this measurement');
  });
});
