import type { MachineCpu, ResourceUse } from './resources';

/** A single-threaded process at this share of a core or more is taken to be at a full core. */
export const FULL_CORE = 0.9;
/** Neither ours nor the service's: they are the provider and the client. */
export const NOT_OURS = ['sandbox', 'load generator'];

const byCores = (resources: Record<string, ResourceUse>) =>
  Object.entries(resources).sort((a, b) => b[1].cores - a[1].cores);

/**
 * What bounds a run, from the CPU each process used in it: a process at a full core (a Node process is one thread;
 * a Postgres backend too), else the machine's cores all busy, else nothing CPU-bound (the run waits: locks, flushes,
 * round trips). The load generator at a full core means the client, not the service, bounds the measurement.
 */
export function whatBounds(
  resources: Record<string, ResourceUse>,
  machine: MachineCpu | undefined,
  cpus: number,
): string {
  const spread = byCores(resources)
    .filter(([, use]) => use.cores >= 0.01)
    .map(([name, use]) => `${name} ${use.cores}`)
    .join(', ');
  const full = byCores(resources)
    .filter(([, use]) => use.busiestProcessCores >= FULL_CORE)
    .map(([name, use]) =>
      use.processes > 1
        ? `${name} (${use.processes} processes, busiest at ${use.busiestProcessCores} of a core)`
        : `${name} at a full core (${use.busiestProcessCores})`,
    );
  const busy = machine ? `${machine.busyCores} of ${cpus} cores busy` : `cores busy unknown`;
  const parts: string[] = [];
  if (full.length > 0) parts.push(full.join(', '));
  // What the measured processes used against what the machine was busy with: the rest is other sessions' work.
  const measured = Object.values(resources).reduce((sum, use) => sum + use.cores, 0);
  const others = machine ? Math.round((machine.busyCores - measured) * 100) / 100 : 0;
  const elsewhere = others >= 0.2 ? `, ${others} of them by processes outside the bench` : '';
  if (machine && machine.busyCores >= FULL_CORE * cpus) parts.push(`the machine's CPU (${busy}${elsewhere})`);
  if (parts.length === 0)
    parts.push(`no process at a full core and ${busy}${elsewhere}: it waits (locks, flushes, round trips)`);
  if ((resources['load generator']?.busiestProcessCores ?? 0) >= FULL_CORE)
    parts.push('the load generator is at a full core: the client bounds this measurement');
  return `${parts.join('; ')}. CPU in cores: ${spread}`;
}

/** "measured/target" of a condition, and for an at-least target how much more it needs. */
export function gapText(
  what: string,
  measured: number,
  target: number,
  kind: 'at least' | 'at most',
): { met: boolean; text: string } {
  const ratio = measured / target;
  const met = kind === 'at least' ? measured >= target : measured <= target;
  const text =
    kind === 'at least'
      ? `${what} measured/target ${round2(ratio)}× (needs ${round2(1 / ratio)}×)`
      : `${what} measured/target ${round2(ratio)}×`;
  return { met, text };
}

/** A run's total divided by its succeeded payouts (0.1 precision); NaN when none succeeded: no per-payout figure. */
export function perPayout(total: number, succeeded: number): number {
  return succeeded > 0 ? Math.round((total / succeeded) * 10) / 10 : NaN;
}

/** CPU milliseconds per succeeded payout: ours (api, workers, Postgres, Redis) and, apart, the sandbox and the client. */
export function cpuPerPayout(
  resources: Record<string, ResourceUse>,
  succeeded: number,
): { oursMs: number; byProcess: Record<string, number>; notOurs: Record<string, number> } {
  const byProcess: Record<string, number> = {};
  const notOurs: Record<string, number> = {};
  let ours = 0;
  for (const [name, use] of Object.entries(resources)) {
    if (NOT_OURS.includes(name)) notOurs[name] = perPayout(use.cpuMs, succeeded);
    else {
      byProcess[name] = perPayout(use.cpuMs, succeeded);
      ours += use.cpuMs;
    }
  }
  return { oursMs: perPayout(ours, succeeded), byProcess, notOurs };
}

const round2 = (value: number) => Math.round(value * 100) / 100;
