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

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces), starting at the state field. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** utime + stime of a process in seconds (fields 14 and 15 of /proc/<pid>/stat). */
function cpuSeconds(pid: number): number {
  const fields = statFields(pid);
  return fields ? (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND : 0;
}

/** One process of the machine as /proc shows it at one moment. */
export interface ProcessEntry {
  pid: number;
  ppid: number;
  comm: string;
  /** The command line with NULs as spaces; read only for the commands asked for (postgres sets its title there). */
  cmdline?: string;
}

/** Every process of the machine: pid, parent and command name; the command line of those named in `withCmdline`. */
export function processTable(withCmdline: readonly string[] = ['postgres']): ProcessEntry[] {
  const table: ProcessEntry[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const pid = Number(entry);
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      const fields = statFields(pid);
      if (!fields) continue;
      const cmdline = withCmdline.includes(comm)
        ? readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim()
        : undefined;
      table.push({ pid, ppid: Number(fields[1]), comm, cmdline });
    } catch {
      // gone meanwhile
    }
  }
  return table;
}

/** `root` and every process below it (an api started with API_PROCESSES > 1 forks its cluster workers). */
export function processTree(table: readonly ProcessEntry[], root: number | undefined): number[] {
  if (root === undefined) return [];
  const children = new Map<number, number[]>();
  for (const { pid, ppid } of table) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const tree: number[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    tree.push(pid);
    pending.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/**
 * Whether a postgres process works for the bench's database: the postmaster and the server-wide background
 * processes (checkpointer, WAL writer, …: they write and flush for our commits too), and the backends and autovacuum
 * workers of `database`. Backends of other databases (other sessions on a shared server) are not ours. Postgres
 * names each process in its title: `postgres: [cluster: ]user database host(port) activity`.
 */
export function isOurPostgresProcess(cmdline: string, database: string): boolean {
  if (!cmdline.startsWith('postgres:')) return true; // the postmaster: /usr/lib/postgresql/…/postgres -D …
  const ofOneDatabase = /\S\(\d+\)|\[local\]|autovacuum worker|parallel worker/.test(cmdline);
  return !ofOneDatabase || cmdline.split(/\s+/).includes(database);
}

/** Every process whose command name is `comm`. */
export function pidsNamed(comm: string, table: readonly ProcessEntry[] = processTable([])): number[] {
  return table.filter((entry) => entry.comm === comm).map((entry) => entry.pid);
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
  /** Highest resident set of any one process of the group, MB (the 300 MB limit is per process). */
  maxProcessRssMb: number;
  /** CPU used over the window, in cores (1.0 = one core busy all the time), summed over the group. */
  cores: number;
  /** CPU used over the window by the busiest single process of the group, in cores: 1.0 is a full core. */
  busiestProcessCores: number;
  /** CPU time used over the window, ms, summed over the group's processes. */
  cpuMs: number;
  /** The most processes the group had at once. */
  processes: number;
}

/** Picks a group's processes out of the machine's process table at one sample. */
export type ProcessGroup = (table: readonly ProcessEntry[]) => number[];

/**
 * Samples resident memory and CPU of named process groups while a load runs. Groups are functions of the process
 * table, so processes that come and go (postgres backends, an api's cluster workers) are found at each sample.
 */
export class ResourceSampler {
  private timer?: NodeJS.Timeout;
  private readonly maxRss = new Map<string, number>();
  private readonly maxProcessRss = new Map<string, number>();
  private readonly processes = new Map<string, number>();
  private readonly cpuAtStart = new Map<string, Map<number, number>>();
  private readonly cpuLatest = new Map<string, Map<number, number>>();
  private startedAt = 0;

  constructor(private readonly groups: Record<string, ProcessGroup>) {}

  start(intervalMs = 250): void {
    this.startedAt = Date.now();
    this.sample(true);
    this.timer = setInterval(() => this.sample(false), intervalMs);
  }

  stop(): Record<string, ResourceUse> {
    clearInterval(this.timer);
    this.sample(false);
    const seconds = (Date.now() - this.startedAt) / 1_000;
    const use: Record<string, ResourceUse> = {};
    for (const name of Object.keys(this.groups)) {
      const start = this.cpuAtStart.get(name) ?? new Map<number, number>();
      let used = 0;
      let busiest = 0;
      for (const [pid, latest] of this.cpuLatest.get(name) ?? new Map<number, number>()) {
        const own = latest - (start.get(pid) ?? 0);
        used += own;
        busiest = Math.max(busiest, own);
      }
      use[name] = {
        maxRssMb: round(this.maxRss.get(name) ?? 0),
        maxProcessRssMb: round(this.maxProcessRss.get(name) ?? 0),
        cores: round(used / seconds),
        busiestProcessCores: round(busiest / seconds),
        cpuMs: Math.round(used * 1_000),
        processes: this.processes.get(name) ?? 0,
      };
    }
    return use;
  }

  private sample(first: boolean): void {
    const table = processTable();
    for (const [name, pidsOf] of Object.entries(this.groups)) {
      const pids = pidsOf(table);
      const rss = pids.map((pid) => rssMb(pid) ?? 0);
      this.maxRss.set(
        name,
        Math.max(
          this.maxRss.get(name) ?? 0,
          rss.reduce((sum, mb) => sum + mb, 0),
        ),
      );
      this.maxProcessRss.set(name, Math.max(this.maxProcessRss.get(name) ?? 0, ...rss));
      this.processes.set(name, Math.max(this.processes.get(name) ?? 0, pids.length));
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
