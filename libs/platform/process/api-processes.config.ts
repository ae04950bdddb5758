import { availableParallelism } from 'node:os';
import { defineSlice, text, type ConfigEntry } from '@libs/platform/config';

/** `auto` never starts more than this many: past it, Postgres and the provider budgets bound the api, not its CPU. */
export const AUTO_API_PROCESSES_CAP = 8;
const MAX_API_PROCESSES = 64;

/** `auto`: one process per core but one (left to Postgres, the worker and the load balancer), at least 1, capped. */
export function autoApiProcesses(cores = availableParallelism()): number {
  return Math.max(1, Math.min(cores - 1, AUTO_API_PROCESSES_CAP));
}

export function parseApiProcesses(raw: string): number {
  if (raw === 'auto') return autoApiProcesses();
  if (!/^\d+$/.test(raw)) throw new Error(`"${raw}" is neither a whole number nor auto`);
  const value = Number(raw);
  if (value < 1 || value > MAX_API_PROCESSES) throw new Error(`${raw} is outside 1..${MAX_API_PROCESSES}`);
  return value;
}

const processesEntry: ConfigEntry<number> = {
  ...text('API_PROCESSES', {
    description:
      'api processes sharing PORT (Node cluster: a primary forks them and replaces one that dies); a number, or ' +
      `auto = cores − 1, at least 1, at most ${AUTO_API_PROCESSES_CAP}`,
    default: '1',
  }),
  parse: parseApiProcesses,
};

export const apiProcessesConfig = defineSlice('api', { processes: processesEntry });
