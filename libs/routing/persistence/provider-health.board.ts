import type Redis from 'ioredis';
import {
  unknownHealth,
  type CircuitState,
  type CircuitView,
  type ProcessCircuit,
  type ProviderHealth,
  type ProviderHealthReader,
} from '../application';

const WINDOW_MINUTES = 5;
const MINUTE_MS = 60_000;
/** A minute's counters outlive the window a little, so a reader at a minute's edge still finds them. */
const COUNTER_TTL_SECONDS = (WINDOW_MINUTES + 2) * 60;

interface PublishedCircuit {
  state: CircuitState;
  since: string;
  expiresAt: number;
}

const circuitsKey = (provider: string): string => `routing:circuits:${provider}`;
const callsKey = (provider: string, minute: number): string => `routing:calls:${provider}:${minute}`;

/**
 * Provider health shared through Redis: each worker publishes its own breakers' states (a field per process that
 * expires unless republished) and counts its submissions per minute. The api reads both for GET /v1/providers and
 * POST /v1/routing/explain. Only health lives here: losing it (Redis restart) loses no work, the breakers themselves
 * are in each worker's memory. The worker's board uses the shared REDIS client, the api's the FAIL_FAST_REDIS one
 * (RoutingApiModule): a request never waits for an unreachable Redis to read health.
 */
export class ProviderHealthBoard implements ProviderHealthReader, CircuitView {
  constructor(
    private readonly redis: Redis,
    private readonly providers: () => readonly string[],
  ) {}

  async publishCircuit(provider: string, instance: string, circuit: ProcessCircuit, ttlMs: number, now: Date) {
    const value: PublishedCircuit = {
      state: circuit.state,
      since: circuit.since.toISOString(),
      expiresAt: now.getTime() + ttlMs,
    };
    await this.redis
      .multi()
      .hset(circuitsKey(provider), instance, JSON.stringify(value))
      .pexpire(circuitsKey(provider), ttlMs * 2)
      .exec();
  }

  async recordCall(provider: string, isTransportFailure: boolean, now: Date): Promise<void> {
    const key = callsKey(provider, Math.floor(now.getTime() / MINUTE_MS));
    const multi = this.redis.multi().hincrby(key, 'calls', 1);
    if (isTransportFailure) multi.hincrby(key, 'transport_failures', 1);
    await multi.expire(key, COUNTER_TTL_SECONDS).exec();
  }

  /**
   * For display only (GET /v1/providers): health that cannot be read is `unknown`, so the settings, which live in
   * Postgres, still answer. On the api this board runs on the FAIL_FAST_REDIS client, so "cannot be read" is quick.
   */
  async read(provider: string, now: Date): Promise<ProviderHealth> {
    let processes: ProcessCircuit[];
    let counts: { calls: number; failures: number };
    try {
      [processes, counts] = await Promise.all([this.liveCircuits(provider, now), this.recentCounts(provider, now)]);
    } catch {
      return unknownHealth(WINDOW_MINUTES * 60);
    }
    const states = new Set(processes.map((p) => p.state));
    const circuit: CircuitState = states.has('open') ? 'open' : states.has('half_open') ? 'half_open' : 'closed';
    return {
      circuit,
      processes,
      windowSeconds: WINDOW_MINUTES * 60,
      calls: counts.calls,
      transportFailures: counts.failures,
      errorRate: counts.calls === 0 ? 0 : Math.round((counts.failures / counts.calls) * 1000) / 1000,
    };
  }

  /** A provider whose circuit any live worker holds open: a dispatch could land on that worker. */
  async openCircuits(now: Date): Promise<ReadonlySet<string>> {
    const open = new Set<string>();
    for (const provider of this.providers()) {
      const processes = await this.liveCircuits(provider, now);
      if (processes.some((p) => p.state === 'open')) open.add(provider);
    }
    return open;
  }

  private async liveCircuits(provider: string, now: Date): Promise<ProcessCircuit[]> {
    const fields = await this.redis.hgetall(circuitsKey(provider));
    const live: ProcessCircuit[] = [];
    for (const [instance, text] of Object.entries(fields)) {
      const published = JSON.parse(text) as PublishedCircuit;
      if (published.expiresAt < now.getTime()) continue;
      live.push({ instance, state: published.state, since: new Date(published.since) });
    }
    return live.sort((a, b) => a.instance.localeCompare(b.instance));
  }

  private async recentCounts(provider: string, now: Date): Promise<{ calls: number; failures: number }> {
    const minute = Math.floor(now.getTime() / MINUTE_MS);
    const multi = this.redis.multi();
    for (let i = 0; i < WINDOW_MINUTES; i++) multi.hmget(callsKey(provider, minute - i), 'calls', 'transport_failures');
    const results = (await multi.exec()) ?? [];
    let calls = 0;
    let failures = 0;
    for (const [, value] of results) {
      const [minuteCalls, minuteFailures] = (value as (string | null)[] | null) ?? [];
      calls += Number(minuteCalls ?? 0);
      failures += Number(minuteFailures ?? 0);
    }
    return { calls, failures };
  }
}
