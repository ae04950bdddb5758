import type { BenchContext, Figure } from '../lib/context';
import { ratio } from '../lib/load';

const TARGET_MB = 300;

export interface IdleMemory {
  apiMb: number;
  workerMb: number;
}

/**
 * Resident memory (VmRSS from /proc) of each api process and of each worker: the highest sample taken every 250 ms during the
 * load parts that ran (intake and webhooks load the api; end-to-end loads api and workers), next to the same process
 * idle right after start-up.
 */
export function memoryFigures(context: BenchContext, idle: IdleMemory): Figure[] {
  const highest = (pick: (name: string) => boolean) => {
    let best = { mb: 0, phase: 'none' };
    for (const [phase, resources] of Object.entries(context.memory)) {
      for (const [name, use] of Object.entries(resources)) {
        // Per process: with API_PROCESSES > 1 each api process has its own 300 MB.
        if (pick(name) && use.maxProcessRssMb > best.mb)
          best = { mb: use.maxProcessRssMb, phase: `${phase} (${name})` };
      }
    }
    return best;
  };
  const api = highest((name) => name === 'api');
  const worker = highest((name) => name.startsWith('worker'));
  return [figure('api', api, idle.apiMb), ...(worker.mb > 0 ? [figure('worker', worker, idle.workerMb)] : [])];
}

function figure(process: string, peak: { mb: number; phase: string }, idleMb: number): Figure {
  const met = peak.mb < TARGET_MB;
  return {
    part: 'memory',
    name: `${process} resident memory under load`,
    value: { maxRssMb: Math.round(peak.mb), during: peak.phase },
    baseline: { what: `${process} idle after start-up`, rssMb: Math.round(idleMb) },
    ratio: ratio(peak.mb, idleMb),
    target: `< ${TARGET_MB} MB`,
    met,
    checks: [`${Math.round(peak.mb)} MB = ${ratio(peak.mb, TARGET_MB)}× the ${TARGET_MB} MB limit`],
    targets: [
      {
        target: `4. ${process} RSS < ${TARGET_MB} MB per process under load`,
        measured: `${Math.round(peak.mb)} MB (${peak.phase})`,
        baseline: `idle ${Math.round(idleMb)} MB`,
        ratio: `${ratio(peak.mb, TARGET_MB)}× the limit`,
        met,
        ...(met
          ? {}
          : { gap: `RSS measured/target ${ratio(peak.mb, TARGET_MB)}×`, bound: 'see the profile summaries' }),
      },
    ],
  };
}
