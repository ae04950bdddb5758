import type {
  ListedTransfer,
  PayoutProvider,
  RawRequest,
  SignalStatus,
  SubmitOutcome,
  SubmitRequest,
} from '@libs/providers';

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

/**
 * Every listed transfer created from the run's start until now (all pages), through the adapter's listing: what a
 * reconciliation run would see of scenarios 95 and 96.
 */
export async function listedSinceRun(run: ScenarioRun): Promise<ListedTransfer[]> {
  const list = run.provider.listTransfers;
  if (!list) throw new Error(`${run.provider.name} has no listing`);
  const query = { from: new Date(run.startedAt.getTime() - 1_000), to: new Date(Date.now() + 1_000) };
  const items: ListedTransfer[] = [];
  for (let cursor: string | undefined; ;) {
    const page = await list.call(run.provider, { ...query, ...(cursor !== undefined ? { cursor } : {}) });
    if (page.kind !== 'page') throw new Error(`listing unavailable: ${page.reason}`);
    items.push(...page.items);
    if (page.nextCursor === null) return items;
    cursor = page.nextCursor;
  }
}
