import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { createProviderMetrics, ProviderMetrics } from '@libs/providers/contract/provider-metrics';
import type { ProviderLogger } from '@libs/providers/contract/provider-logger';
import type { RetryClock, RetryPolicy } from '@libs/providers/contract/retry-policy';

/** Test support shared by the adapter specs and the conformance harnesses; never imported by production code. */

export interface FakeClock extends RetryClock {
  /** Every pause asked for, in order. */
  readonly sleeps: number[];
  advance(ms: number): void;
  set(ms: number): void;
}

/** Time that moves only when told to, or when someone sleeps (sleeping returns at once). */
export function fakeClock(startMs = Date.parse('2026-04-28T12:00:00.000Z')): FakeClock {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    random: () => 0.5,
    advance: (ms) => {
      now += ms;
    },
    set: (ms) => {
      now = ms;
    },
  };
}

export interface CapturedLogger extends ProviderLogger {
  readonly lines: string[];
}

export function captureLogger(): CapturedLogger {
  const lines: string[] = [];
  const push = (level: string) => (message: string) => {
    lines.push(`${level} ${message}`);
  };
  return { lines, log: push('log'), warn: push('warn'), error: push('error'), debug: push('debug') };
}

/** Metrics on a throwaway registry, so specs neither collide nor read each other's counts. */
export function isolatedMetrics(): { metrics: ProviderMetrics; registry: Registry } {
  const registry = new Registry();
  return { metrics: createProviderMetrics(registry), registry };
}

/** Retries without real waiting: the fake clock's sleep returns at once. */
export const FAST_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  maxRetryAfterMs: 5_000,
};

/** A provider fixture exactly as stored: bytes, never re-serialized. */
export function readFixture(providerFolder: string, file: string): Buffer {
  return readFileSync(join(__dirname, '..', '..', '..', 'libs', 'providers', providerFolder, 'fixtures', file));
}

/** Asserts that none of `secrets` appears in any of `texts` (log lines, error messages, outcome reasons). */
export function findLeaks(texts: readonly string[], secrets: readonly string[]): string[] {
  return secrets.filter((secret) => texts.some((text) => text.includes(secret)));
}

/**
 * The request body exactly as sent, from inside a nock reply function (`this`). nock hands reply functions a body
 * already run through JSON.parse, which rounds 64-bit integers and drops `.00`: Sipay bodies must be read raw.
 */
export function sentBodyText(interceptorContext: unknown): string {
  const req = (interceptorContext as { req: { requestBodyBuffers: Buffer[] } }).req;
  return Buffer.concat(req.requestBodyBuffers).toString('utf8');
}

/** The request headers, lower-cased, from inside a nock reply function (`this`). */
export function sentHeaders(interceptorContext: unknown): Record<string, string> {
  return (interceptorContext as { req: { headers: Record<string, string> } }).req.headers;
}
