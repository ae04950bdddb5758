import type { SandboxLogger } from '../sandbox.options';
import { TimerSet } from '../server/timer-set';
import { PostAttempt, postWebhook } from './webhook.sender';

export interface AttemptResult {
  at: Date;
  attempt: number;
  httpStatus: number | null;
  isDelivered: boolean;
  /** No further attempt will follow (delivered, or the last allowed attempt failed). */
  isFinal: boolean;
}

export interface WebhookDelivery {
  url: string;
  body: string;
  /** Built per attempt: a signature may carry the attempt's timestamp, so retries stay inside the tolerance. */
  headers(attemptAt: Date): Record<string, string>;
  onAttempt(result: AttemptResult): void;
  /** For the give-up log line; never the URL (a webhook path may carry a secret token). */
  label: Record<string, unknown>;
}

export interface DispatcherSettings {
  retryBaseMs: number;
  retryMaxMs: number;
  maxAttempts: number;
  logger: SandboxLogger;
  now: () => Date;
}

/** Delivers webhooks like the providers do: retried with exponential backoff on any non-2xx or no answer. */
export class WebhookDispatcher {
  private readonly retries = new TimerSet();
  private readonly inFlight = new Set<PostAttempt>();

  constructor(private readonly settings: DispatcherSettings) {}

  send(delivery: WebhookDelivery): void {
    this.attempt(delivery, 1, new URL(delivery.url));
  }

  /** Drops scheduled retries and aborts attempts on the wire (reset and close). */
  cancelAll(): void {
    this.retries.cancelAll();
    for (const attempt of this.inFlight) attempt.abort();
    this.inFlight.clear();
  }

  get pendingCount(): number {
    return this.retries.size + this.inFlight.size;
  }

  private attempt(delivery: WebhookDelivery, attempt: number, url: URL): void {
    const at = this.settings.now();
    const post = postWebhook(url, delivery.body, delivery.headers(at));
    this.inFlight.add(post);
    void post.result.then((httpStatus) => {
      if (!this.inFlight.delete(post)) return; // cancelled by reset or close: record nothing more
      const isDelivered = httpStatus !== null && httpStatus >= 200 && httpStatus < 300;
      const isFinal = isDelivered || attempt >= this.settings.maxAttempts;
      delivery.onAttempt({ at, attempt, httpStatus, isDelivered, isFinal });
      if (isFinal) {
        if (!isDelivered)
          this.settings.logger.warn({ ...delivery.label, attempts: attempt, httpStatus }, 'webhook given up');
        return;
      }
      this.retries.after(this.backoffMs(attempt), () => this.attempt(delivery, attempt + 1, url));
    });
  }

  private backoffMs(failedAttempts: number): number {
    return Math.min(this.settings.retryBaseMs * 2 ** (failedAttempts - 1), this.settings.retryMaxMs);
  }
}
