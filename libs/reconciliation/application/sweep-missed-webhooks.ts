import type { PollBudget, PollMetrics, PollStore } from './poll-store.port';
import type { ProviderLookup } from './reconcile-attempt';

export interface MissedWebhookSweepOptions {
  /** At most this many replays per provider per run (each is a request from the provider's budget). */
  maxReplaysPerRun: number;
}

export interface MissedWebhookSweepResult {
  provider: string;
  undelivered: number;
  replayed: number;
  /** Already in our inbox: the provider thinks it failed (e.g. our answer was slow), we have it. */
  alreadyHeld: number;
  error?: unknown;
}

/**
 * Asks each provider that keeps undelivered webhooks for them and has them sent again; the inbox then
 * takes them like any delivery. Events we already hold are not replayed. Bounded per run and within the budget.
 */
export class SweepMissedWebhooks {
  constructor(
    private readonly providers: ProviderLookup & { names(): string[]; isEnabled(name: string): boolean },
    private readonly polls: PollStore,
    private readonly budget: PollBudget,
    private readonly metrics: PollMetrics,
    private readonly options: MissedWebhookSweepOptions,
  ) {}

  async run(): Promise<MissedWebhookSweepResult[]> {
    const results: MissedWebhookSweepResult[] = [];
    for (const name of this.providers.names()) {
      const provider = this.providers.find(name);
      if (!provider?.missedWebhooks || !this.providers.isEnabled(name)) continue;
      const result: MissedWebhookSweepResult = { provider: name, undelivered: 0, replayed: 0, alreadyHeld: 0 };
      try {
        const requestsPerMinute = provider.capabilities.requestsPerMinute;
        if (!(await this.budget.take(name, requestsPerMinute)).granted) continue;
        const eventIds = await provider.missedWebhooks.listUndelivered();
        result.undelivered = eventIds.length;
        for (const eventId of eventIds) {
          if (result.replayed >= this.options.maxReplaysPerRun) break;
          if (await this.polls.hasInboxEvent(name, eventId)) {
            result.alreadyHeld++;
            continue;
          }
          if (!(await this.budget.take(name, requestsPerMinute)).granted) break;
          await provider.missedWebhooks.replay(eventId);
          result.replayed++;
        }
      } catch (error) {
        result.error = error;
      }
      this.metrics.missedWebhooksReplayed(name, result.replayed);
      results.push(result);
    }
    return results;
  }
}
