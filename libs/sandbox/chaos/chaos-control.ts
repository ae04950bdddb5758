import { json, Reply, SandboxRequest } from '../server/http-io';
import type { Route } from '../server/route';
import type { ChaosEngine } from './chaos-engine';
import { CHAOS_PROFILES, isChaosProfileName } from './chaos-profile';

export interface ChaosControlDeps {
  chaos: ChaosEngine;
  logger: { info(obj: object, msg?: string): void };
  /** What the sandbox still has to do (outcome timers, webhook deliveries, held answers): 0 everywhere = idle. */
  pending(): Record<string, number>;
}

const problem = (status: number, code: string, message: string): Reply => json(status, { error: { code, message } });

/**
 * `/_sandbox/chaos`: GET shows whether chaos mode is on and what the sandbox still has to do; PUT `{ seed, profile? }`
 * turns it on (`{ seed: null }` off) and forgets earlier draws; GET `/_sandbox/chaos/log?reference=` lists the draws.
 */
export function chaosRoutes(deps: ChaosControlDeps): Route[] {
  return [
    { method: 'GET', pattern: /^\/_sandbox\/chaos\/?$/, handle: () => json(200, { data: view(deps) }) },
    { method: 'PUT', pattern: /^\/_sandbox\/chaos\/?$/, handle: (request) => configure(deps, request) },
    {
      method: 'GET',
      pattern: /^\/_sandbox\/chaos\/log\/?$/,
      handle: (request) =>
        json(200, { data: deps.chaos.log.list({ reference: request.query.get('reference') || undefined }) }),
    },
  ];
}

function view(deps: ChaosControlDeps): Record<string, unknown> {
  const current = deps.chaos.current;
  return {
    enabled: current !== undefined,
    seed: current?.seed ?? null,
    profile: current?.profile ?? null,
    profiles: Object.keys(CHAOS_PROFILES),
    pending: deps.pending(),
  };
}

function configure(deps: ChaosControlDeps, request: SandboxRequest): Reply {
  let body: unknown;
  try {
    body = JSON.parse(request.body || '{}');
  } catch {
    return problem(400, 'validation_failed', 'the body is not valid JSON');
  }
  const { seed, profile } = (body ?? {}) as { seed?: unknown; profile?: unknown };
  if (seed === null) {
    deps.chaos.configure(undefined);
    deps.logger.info({}, 'sandbox chaos mode off');
    return json(200, { data: view(deps) });
  }
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    return problem(400, 'validation_failed', 'seed must be a whole number >= 0, or null to turn chaos mode off');
  }
  if (profile !== undefined && !isChaosProfileName(profile)) {
    return problem(400, 'validation_failed', `profile must be one of ${Object.keys(CHAOS_PROFILES).join(', ')}`);
  }
  deps.chaos.configure({ seed, profile: profile ?? 'default' });
  deps.logger.info({ seed, profile: profile ?? 'default' }, 'sandbox chaos mode on');
  return json(200, { data: view(deps) });
}
