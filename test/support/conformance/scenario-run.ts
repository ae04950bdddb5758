import type { PayoutProvider, RawRequest, SignalStatus, SubmitOutcome, SubmitRequest } from '@libs/providers';

/** One attempt submitted through an adapter against the running sandbox, and what it answered. */
export interface ScenarioRun {
  provider: PayoutProvider;
  attempt: SubmitRequest;
  outcome: SubmitOutcome;
  startedAt: Date;
  elapsedMs: number;
}

export async function submitScenario(provider: PayoutProvider, attempt: SubmitRequest): Promise<ScenarioRun> {
  const startedAt = new Date();
  const outcome = await provider.submit(attempt);
  return { provider, attempt, outcome, startedAt, elapsedMs: Date.now() - startedAt.getTime() };
}

/**
 * Verifies each delivery and returns the signal statuses and dedupe keys it parses to; with `reference`, each event
 * must also name it.
 */
export async function readWebhooks(provider: PayoutProvider, deliveries: RawRequest[], reference?: string) {
  const statuses: (SignalStatus | undefined)[] = [];
  const keys: string[] = [];
  for (const delivery of deliveries) {
    expect(await provider.verifyWebhook(delivery)).toEqual({ ok: true });
    const event = await provider.parseWebhook(delivery);
    if (event.kind !== 'event') throw new Error(`expected an event, got ${event.kind}`);
    if (reference !== undefined) expect(event.reference).toBe(reference);
    statuses.push(event.signal?.status);
    keys.push(event.dedupeKey);
  }
  return { statuses, keys };
}
