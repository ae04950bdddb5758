import type { Clock } from '@libs/platform/time';
import { scaledMs } from '@libs/platform/time';
import { CLIENT_REVOKED, nextTryAt, type TryOutcome } from '../domain';
import type { CallbackGuard } from './callback-guard';
import type {
  CallbackClients,
  CallbackResponse,
  CallbackSender,
  CallbackSettings,
  DeliveryChange,
  DeliveryRecord,
  DeliveryStore,
  MessageSigner,
  NotificationMetrics,
  TryRecord,
} from './delivery-store.port';

export interface DeliverOptions {
  /** How long a notification is retried after its first try, before scaling (72 h). */
  retryForMs: number;
  /** One try's whole budget: connect, send, answer (not scaled). */
  timeoutMs: number;
  /** POLL_TIME_SCALE. */
  timeScale: number;
  /**
   * How long a change waits before looking again when an earlier one of the same payout is still undelivered, before
   * scaling; never below 50 ms after it.
   */
  orderWaitMs: number;
}

export type DeliverResult =
  | { kind: 'skipped' }
  | { kind: 'canceled'; reason: typeof CLIENT_REVOKED }
  | { kind: 'deferred'; retryAt: Date }
  | { kind: 'delivered'; wake: string[] }
  | { kind: 'retrying'; outcome: TryOutcome; retryAt: Date }
  | { kind: 'given_up'; outcome: TryOutcome; wake: string[] };

const EXCERPT_CHARS = 200;

/**
 * One try of one notification: claim it, keep payout order (a change waits while an earlier change of the same payout
 * is undelivered), check the target, sign, send, and log the try with what comes next (delivered, a retry with
 * backoff, or given up after the retry period). At least once: a crash after the send and before the log sends again.
 */
export class DeliverNotification {
  constructor(
    private readonly store: DeliveryStore,
    private readonly clients: CallbackClients,
    private readonly guard: CallbackGuard,
    private readonly sender: CallbackSender,
    private readonly signer: MessageSigner,
    private readonly metrics: NotificationMetrics,
    private readonly clock: Clock,
    private readonly options: DeliverOptions,
  ) {}

  /** How long a claimed row stays hidden from other workers: enough for one try, with room to record it. */
  get leaseMs(): number {
    return 2 * this.options.timeoutMs + 30_000;
  }

  async execute(deliveryId: string): Promise<DeliverResult> {
    const now = this.clock.now();
    const delivery = await this.store.claim(deliveryId, now, new Date(now.getTime() + this.leaseMs));
    return delivery ? this.deliverClaimed(delivery) : { kind: 'skipped' };
  }

  /** A delivery this worker holds the lease of (from `execute` or the sweep's claim). */
  async deliverClaimed(delivery: DeliveryRecord): Promise<DeliverResult> {
    const client = await this.clients.find(delivery.clientId);
    if (client?.isRevoked) {
      await this.store.cancel(delivery.id, CLIENT_REVOKED, this.clock.now());
      return { kind: 'canceled', reason: CLIENT_REVOKED };
    }
    if (await this.store.hasEarlierUndelivered(delivery)) {
      const now = this.clock.now();
      const retryAt = new Date(now.getTime() + scaledMs(this.options.orderWaitMs, this.options.timeScale, 50));
      await this.store.release(delivery.id, retryAt, delivery.nextAttemptAt, now);
      return { kind: 'deferred', retryAt };
    }
    const startedAt = this.clock.now();
    const attempt = await this.attempt(delivery, client, startedAt);
    const finishedAt = this.clock.now();
    const tried: TryRecord = { ...attempt, number: delivery.attempts + 1, startedAt };
    tried.durationMs = finishedAt.getTime() - startedAt.getTime();
    this.metrics.tried(tried.outcome, tried.durationMs / 1000);
    return this.settle(delivery, tried, finishedAt);
  }

  private async attempt(
    delivery: DeliveryRecord,
    client: CallbackSettings | undefined,
    startedAt: Date,
  ): Promise<Omit<TryRecord, 'number' | 'startedAt'>> {
    const refused = (target: string, error: string) => ({
      target,
      address: null,
      outcome: 'refused' as const,
      httpStatus: null,
      error,
      responseExcerpt: null,
      durationMs: 0,
    });
    if (!client?.callbackUrl) return refused('', 'the client has no callback URL');
    const target = publicTarget(client.callbackUrl);
    if (!client.signingSecret) return refused(target, client.secretProblem ?? 'the client has no signing secret');
    const message = await this.store.message(delivery);
    if (!message) return refused(target, `notification ${delivery.id} has nothing to send`);
    const checked = await this.guard.check(client.callbackUrl);
    if (!checked.ok) return refused(target, checked.reason);
    const body = JSON.stringify(message);
    const response = await this.sender.send({
      url: checked.url,
      addresses: checked.addresses,
      body,
      timeoutMs: this.options.timeoutMs,
      headers: {
        'content-type': 'application/json',
        'webhook-id': message.id,
        'webhook-timestamp': String(Math.floor(startedAt.getTime() / 1000)),
        'webhook-signature': this.signer.sign(client.signingSecret, message.id, startedAt, body),
      },
    });
    return toTry(target, response);
  }

  private async settle(delivery: DeliveryRecord, tried: TryRecord, now: Date): Promise<DeliverResult> {
    const retryUntil =
      delivery.retryUntil ??
      new Date(tried.startedAt.getTime() + scaledMs(this.options.retryForMs, this.options.timeScale));
    if (tried.outcome === 'delivered') {
      const change: DeliveryChange = { status: 'delivered', nextAttemptAt: null, retryUntil, deliveredAt: now };
      const settled = await this.store.recordTry(delivery.id, tried, change, now);
      return { kind: 'delivered', wake: await this.store.wakeFollowers(settled, now) };
    }
    const retryAt = nextTryAt({ failedTries: tried.number, now, retryUntil, timeScale: this.options.timeScale });
    if (retryAt) {
      await this.store.recordTry(
        delivery.id,
        tried,
        { status: 'pending', nextAttemptAt: retryAt, retryUntil, deliveredAt: null },
        now,
      );
      return { kind: 'retrying', outcome: tried.outcome, retryAt };
    }
    const change: DeliveryChange = { status: 'failed', nextAttemptAt: null, retryUntil, deliveredAt: null };
    const settled = await this.store.recordTry(delivery.id, tried, change, now);
    this.metrics.gaveUp();
    return { kind: 'given_up', outcome: tried.outcome, wake: await this.store.wakeFollowers(settled, now) };
  }
}

function toTry(target: string, response: CallbackResponse): Omit<TryRecord, 'number' | 'startedAt'> {
  return {
    target,
    address: response.address ?? null,
    outcome: response.outcome,
    httpStatus: response.httpStatus ?? null,
    error: response.error ?? null,
    responseExcerpt: response.responseExcerpt?.slice(0, EXCERPT_CHARS) ?? null,
    durationMs: 0,
  };
}

/** Scheme, host, port and path: the query string and any credentials may be the receiver's secrets. */
function publicTarget(callbackUrl: string): string {
  try {
    const url = new URL(callbackUrl);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return '(not a URL)';
  }
}
