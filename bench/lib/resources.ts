import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100;

/** VmRSS of a process in MB, or undefined once it is gone. */
export function rssMb(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** utime + stime of a process in seconds. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at state; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Every process whose command name is `comm` (all postgres backends, redis-server). */
export function pidsNamed(comm: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === comm) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** The machine's CPU over a window: cores busy, and the share the hypervisor gave to others (steal). */
export interface MachineCpu {
  busyCores: number;
  stealPercent: number;
}

function cpuLine(): number[] {
  return readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
}

/** Starts a window; the returned function ends it. user nice system idle iowait irq softirq steal (…guest). */
export function machineCpuWindow(): () => MachineCpu {
  const before = cpuLine();
  return () => {
    const delta = cpuLine().map((value, i) => value - (before[i] ?? 0));
    const total = delta.slice(0, 8).reduce((sum, value) => sum + value, 0);
    const [, , , idle, iowait, , , steal] = delta;
    const cores = (readFileSync('/proc/stat', 'utf8').match(/^cpu\d+ /gm) ?? []).length;
    return {
      busyCores: round(((total - idle - iowait - steal) / total) * cores),
      stealPercent: round((steal / total) * 100),
    };
  };
}

export interface ResourceUse {
  /** Highest resident set seen (sum over the group's processes), MB. */
  maxRssMb: number;
  /** CPU used over the window, in cores (1.0 = one core busy all the time). */
  cores: number;
}

/**
 * Samples resident memory and CPU of named process groups while a load runs. Groups are functions, so processes that
 * come and go (postgres backends) are found at each sample.
 */
export class ResourceSampler {
  private timer?: NodeJS.Timeout;
  private readonly maxRss = new Map<string, number>();
  private readonly cpuAtStart = new Map<string, Map<number, number>>();
  private readonly cpuLatest = new Map<string, Map<number, number>>();
  private startedAt = 0;
  private stoppedAt = 0;

  constructor(private readonly groups: Record<string, () => number[]>) {}

  start(intervalMs = 250): void {
    this.startedAt = Date.now();
    this.sample(true);
    this.timer = setInterval(() => this.sample(false), intervalMs);
  }

  stop(): Record<string, ResourceUse> {
    clearInterval(this.timer);
    this.sample(false);
    this.stoppedAt = Date.now();
    const seconds = (this.stoppedAt - this.startedAt) / 1_000;
    const use: Record<string, ResourceUse> = {};
    for (const name of Object.keys(this.groups)) {
      const start = this.cpuAtStart.get(name) ?? new Map<number, number>();
      let used = 0;
      for (const [pid, latest] of this.cpuLatest.get(name) ?? new Map<number, number>())
        used += latest - (start.get(pid) ?? 0);
      use[name] = { maxRssMb: round(this.maxRss.get(name) ?? 0), cores: round(used / seconds) };
    }
    return use;
  }

  private sample(first: boolean): void {
    for (const [name, pidsOf] of Object.entries(this.groups)) {
      const pids = pidsOf();
      const rss = pids.reduce((sum, pid) => sum + (rssMb(pid) ?? 0), 0);
      this.maxRss.set(name, Math.max(this.maxRss.get(name) ?? 0, rss));
      const latest = this.cpuLatest.get(name) ?? new Map<number, number>();
      const start = this.cpuAtStart.get(name) ?? new Map<number, number>();
      for (const pid of pids) {
        const seconds = cpuSeconds(pid);
        latest.set(pid, seconds);
        // A process first seen mid-window counts from zero only if it was born inside the window.
        if (first) start.set(pid, seconds);
        else if (!start.has(pid)) start.set(pid, 0);
      }
      this.cpuLatest.set(name, latest);
      this.cpuAtStart.set(name, start);
    }
  }
}

const round = (value: number) => Math.round(value * 100) / 100;
