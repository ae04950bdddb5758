import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  /** Sampled time outside (idle), ms. */
  busyMs: number;
  /** Self time by where the code lives: our libs, a package, Node internals, GC. Percent of busy time. */
  byOwner: { owner: string; percent: number }[];
  /** The functions with the most self time. Percent of busy time. */
  topFrames: { frame: string; percent: number }[];
}

/** Who a frame belongs to: `libs/<context>`, `apps/<app>`, an npm package, `node:<module>`, or a V8 pseudo-frame. */
function ownerOf(url: string, functionName: string): string {
  if (url === '') return `(${functionName.replace(/[()]/g, '') || 'native'})`;
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  if (url.startsWith('node:')) return url.split('/')[0];
  const ours = /\/(libs\/[^/]+|apps\/[^/]+|migrations)\//.exec(url);
  return ours ? ours[1] : relative(process.cwd(), url.replace(/^file:\/\//, ''));
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url
    .replace(/^file:\/\//, '')
    .replace(/.*node_modules\//, '')
    .replace(`${process.cwd()}/`, '');
  return `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`.trim();
}

/**
 * Self-time summary of one .cpuprofile written by `node --cpu-prof`. `skipFirstMs` leaves out start-up (compiling
 * the TypeScript sources, Nest's module graph), which --cpu-prof records too but which is not the load.
 */
export function summarizeProfile(file: string, skipFirstMs = 0, top = 12): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  let elapsedUs = 0;
  profile.samples.forEach((id, i) => {
    elapsedUs += profile.timeDeltas[i] ?? 0;
    if (elapsedUs < skipFirstMs * 1_000) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const byOwner = new Map<string, number>();
  const byFrame = new Map<string, number>();
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    busyUs += us;
    const owner = ownerOf(node.callFrame.url, node.callFrame.functionName);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + us);
    const frame = frameName(node);
    byFrame.set(frame, (byFrame.get(frame) ?? 0) + us);
  }
  const ranked = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => [name, Math.round((us / busyUs) * 1000) / 10] as const);
  return {
    file,
    busyMs: Math.round(busyUs / 1_000),
    byOwner: ranked(byOwner).map(([owner, percent]) => ({ owner, percent })),
    topFrames: ranked(byFrame).map(([frame, percent]) => ({ frame, percent })),
  };
}

/** Every profile a process wrote into `dir` (node names them CPU.<date>.<pid>…cpuprofile). */
export const profilesIn = (dir: string): string[] =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => join(dir, name));
