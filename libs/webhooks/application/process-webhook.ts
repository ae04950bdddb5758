import type {
  AttemptRecord,
  PayoutStore,
  TransactionRows,
  TransitionPayout,
  TransitionScope,
} from '@libs/payouts/application';
import type { PayoutProvider, WebhookParseResult } from '@libs/providers/contract';
import { flagPayoutForOps, lookupRequestFor } from '@libs/reconciliation/application';
import { CONFIRM_RETRY_DELAYS_MS, nextRetryAt, ORPHAN_RETRY_DELAYS_MS } from '../domain/retry-delay';
import { applyWebhook } from './apply-webhook';
import { confirmByLookup } from './confirm-webhook';
import type { InboxOutcome, InboxRow, InboxStore } from './inbox-store.port';
import type { ProviderLookup } from './ingest-webhook';
import type { WebhookMetrics } from './webhook-metrics.port';

export interface ProcessWebhookOptions {
  /** POLL_TIME_SCALE: scales every retry delay and period. */
  timeScale: number;
  /** How long a row being processed stays hidden from other workers (not scaled: it covers a provider lookup). */
  leaseMs: number;
  orphanRetryForMs: number;
  confirmRetryForMs: number;
  lookAgainMs: number;
}

type Event = WebhookParseResult & { kind: 'event' };

/** A stored webhook read: done with already (not an event, no provider), or an event of this provider to apply. */
type Parsed = { kind: 'done'; outcome: InboxOutcome } | { kind: 'event'; provider: PayoutProvider; event: Event };

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 500) : 'non-error thrown';

/**
 * Turns one stored webhook into a decision on its payout: find the attempt (none yet: orphan, retried), confirm a
 * hint-only body with the provider's lookup, apply through TransitionPayout. Idempotent: a row is claimed before it
 * is worked on, and applying the same signal twice is recorded as a duplicate that changes nothing.
 */
export class ProcessWebhook {
  constructor(
    private readonly inbox: InboxStore,
    private readonly payouts: PayoutStore,
    private readonly transition: TransitionPayout,
    private readonly providers: ProviderLookup,
    private readonly metrics: WebhookMetrics,
    private readonly options: ProcessWebhookOptions,
    /**
     * The inbox bound to a payout transition's transaction. With it, a webhook that needs no lookup is applied in one
     * transaction: the attempt found, the payout's status decided, the row marked processed (issue 18); a failure
     * leaves none of it. Without it, each is a transaction of its own.
     */
    private readonly inboxIn?: TransactionRows<Pick<InboxStore, 'record'>>,
  ) {}

  /** Processes the row if it is still waiting and due; 'skipped' when another worker has it or it is done. */
  async execute(inboxId: string, clock: () => Date): Promise<InboxOutcome['status'] | 'skipped'> {
    const now = clock();
    const row = await this.inbox.claim(inboxId, now, new Date(now.getTime() + this.options.leaseMs));
    return row ? this.processClaimed(row, clock) : 'skipped';
  }

  /** Processes a row this worker claimed. A failure is kept on the row and retried by the sweeper. */
  async processClaimed(row: InboxRow, clock: () => Date): Promise<InboxOutcome['status']> {
    try {
      const parsed = await this.parse(row, clock);
      const inboxIn = this.inboxIn;
      // A lookup is a provider call: never inside a transaction. Everything else commits with its row's outcome.
      if (parsed.kind === 'event' && !(parsed.event.signal && parsed.event.mustConfirmByLookup) && inboxIn) {
        return await this.transition.within(async (scope) => {
          const outcome = await this.decide(row, parsed.provider, parsed.event, clock, scope);
          await inboxIn(scope.store.transaction).record(row.id, outcome);
          return outcome.status;
        });
      }
      const outcome =
        parsed.kind === 'done' ? parsed.outcome : await this.decide(row, parsed.provider, parsed.event, clock);
      await this.inbox.record(row.id, outcome);
      return outcome.status;
    } catch (error) {
      const retryAt = nextRetryAt({ ...this.retry(row, clock(), CONFIRM_RETRY_DELAYS_MS), giveUpAfterMs: Infinity });
      await this.inbox.record(row.id, {
        status: row.status,
        nextAttemptAt: retryAt ?? null,
        lastError: describe(error),
      });
      throw error;
    }
  }

  private async parse(row: InboxRow, clock: () => Date): Promise<Parsed> {
    const provider = this.providers.find(row.provider);
    if (!provider)
      return {
        kind: 'done',
        outcome: done('ignored', clock(), { detail: `provider ${row.provider} is no longer registered` }),
      };
    // Kept waiting with the reason as its last error: once the key is configured again, a retry reads it.
    if (row.bodyUnavailable !== undefined) throw new Error(`the stored body cannot be read: ${row.bodyUnavailable}`);
    const parsed = await provider.parseWebhook({
      headers: row.headers,
      rawBody: row.rawBody,
      receivedAt: row.receivedAt,
    });
    if (parsed.kind !== 'event')
      return { kind: 'done', outcome: done(parsed.kind, clock(), { detail: parsed.reason }) };
    return { kind: 'event', provider, event: parsed };
  }

  /** `scope`: the transaction to find the attempt and decide in; only for an event that needs no lookup. */
  private async decide(
    row: InboxRow,
    provider: PayoutProvider,
    parsed: Event,
    clock: () => Date,
    scope?: TransitionScope,
  ): Promise<InboxOutcome> {
    const attempt = await this.findAttempt(scope?.store ?? this.payouts, provider.name, parsed);
    if (!attempt) return this.orphan(row, provider.name, clock());
    const base = { payoutId: attempt.payoutId, attemptId: attempt.id };
    if (!parsed.signal) return done('processed', clock(), { ...base, decision: 'no_signal' });
    const source = `webhook:${provider.name}`;
    // An attempt that is no longer live (2b) is judged by TransitionPayout under the lock, not here on a stale read:
    // recorded, never applied, and flagged as a contradiction when it says money moved.
    let lookupEvidence: Record<string, unknown> | undefined;
    if (parsed.mustConfirmByLookup) {
      if (scope) throw new Error('a webhook that needs a lookup is not applied inside a transaction');
      // Only a lookup needs the payout before the transaction (its request is the payout's create).
      const payout = await this.payouts.payouts.find(attempt.payoutId);
      if (!payout) throw new Error(`payout ${attempt.payoutId} of attempt ${attempt.id} not found`);
      const beneficiary = await this.payouts.beneficiaries.loadBeneficiaryForSubmission(payout.id);
      const confirmation = await confirmByLookup(
        provider,
        lookupRequestFor(payout, attempt, beneficiary),
        parsed.signal,
      );
      lookupEvidence = confirmation.evidence;
      if (confirmation.kind === 'no_record' && parsed.signal.status === 'failed' && !wasAcknowledged(attempt)) {
        // The provider says it rejected a transfer it has no record of, for an attempt it never acknowledged: both
        // say no money moved. Nothing to apply and nothing to alarm anyone about; the attempt is settled by our own
        // lookup (its "no record" is the proof) or has been already.
        return done('processed', clock(), {
          ...base,
          decision: 'no_record',
          detail: 'a failure the provider has no record of: nothing applied, our own lookup settles the attempt',
          lookupEvidence,
        });
      }
      if (confirmation.kind === 'contradicted' || confirmation.kind === 'no_record') {
        return this.contradiction(row, provider.name, base, source, lookupEvidence, clock());
      }
      if (confirmation.kind === 'not_yet')
        return this.notYet(row, provider.name, base, source, lookupEvidence, clock());
    }
    const now = clock();
    const { decision } = await applyWebhook(scope ?? this.transition, {
      row,
      provider,
      payoutId: attempt.payoutId,
      attempt,
      signal: parsed.signal,
      providerId: parsed.providerId,
      ...(lookupEvidence ? { lookupEvidence } : {}),
      now,
      timeScale: this.options.timeScale,
      lookAgainMs: this.options.lookAgainMs,
    });
    const applied = decision.kind === 'applied';
    this.metrics.processed(provider.name, applied, (now.getTime() - row.receivedAt.getTime()) / 1_000);
    if (!applied) this.metrics.notApplied(provider.name, decision.reason);
    if (decision.contradiction) this.metrics.contradiction(provider.name);
    // A superseded attempt that says money moved: money may be at two providers (TransitionPayout flagged it).
    const contradicted = decision.reason === 'superseded_attempt' && decision.contradiction;
    return done(contradicted ? 'contradiction' : 'processed', now, {
      ...base,
      decision: decision.reason,
      detail: decision.detail,
      ...(lookupEvidence ? { lookupEvidence } : {}),
    });
  }

  private async findAttempt(store: PayoutStore, provider: string, event: Event): Promise<AttemptRecord | undefined> {
    if (event.reference !== undefined) {
      const byReference = await store.attempts.findByReference(event.reference);
      if (byReference?.provider === provider) return byReference;
    }
    if (event.providerId !== undefined) return store.attempts.findByProviderId(provider, event.providerId);
    return undefined;
  }

  private orphan(row: InboxRow, provider: string, now: Date): InboxOutcome {
    if (row.status !== 'orphan') this.metrics.orphaned(provider);
    const at = nextRetryAt({
      ...this.retry(row, now, ORPHAN_RETRY_DELAYS_MS),
      giveUpAfterMs: this.options.orphanRetryForMs,
    });
    return {
      status: 'orphan',
      detail: 'no attempt of ours matches it yet',
      nextAttemptAt: at ?? null,
      lastError: null,
    };
  }

  private async notYet(
    row: InboxRow,
    provider: string,
    base: { payoutId: string; attemptId: string },
    source: string,
    lookupEvidence: Record<string, unknown>,
    now: Date,
  ): Promise<InboxOutcome> {
    const retry = this.retry(row, now, CONFIRM_RETRY_DELAYS_MS);
    const at = nextRetryAt({ ...retry, giveUpAfterMs: this.options.confirmRetryForMs });
    if (at)
      return {
        status: 'received',
        ...base,
        lookupEvidence,
        detail: 'the lookup does not confirm it yet',
        nextAttemptAt: at,
      };
    await flagPayoutForOps(this.payouts, this.transition, base.payoutId, source, {
      inboxId: row.id,
      dedupeKey: row.dedupeKey,
      unconfirmed: true,
      lookup: lookupEvidence,
    });
    this.metrics.notApplied(provider, 'unconfirmed');
    return done('unconfirmed', now, { ...base, lookupEvidence, detail: 'the lookup never confirmed it' });
  }

  private async contradiction(
    row: InboxRow,
    provider: string,
    base: { payoutId: string; attemptId: string },
    source: string,
    lookupEvidence: Record<string, unknown>,
    now: Date,
  ): Promise<InboxOutcome> {
    await flagPayoutForOps(
      this.payouts,
      this.transition,
      base.payoutId,
      source,
      {
        inboxId: row.id,
        dedupeKey: row.dedupeKey,
        contradiction: true,
        claimed: row.signalStatus,
        lookup: lookupEvidence,
      },
      { contradiction: true },
    );
    this.metrics.contradiction(provider);
    this.metrics.notApplied(provider, 'contradiction');
    const detail = `the webhook says ${row.signalStatus ?? 'unknown'}; the provider's record does not agree`;
    return done('contradiction', now, { ...base, decision: 'contradiction', detail, lookupEvidence });
  }

  private retry(row: InboxRow, now: Date, delaysMs: readonly number[]) {
    return { delaysMs, tries: row.attempts, receivedAt: row.receivedAt, now, timeScale: this.options.timeScale };
  }
}

/** The provider answered this attempt's submission or reported on it: it had a record of it once. */
const wasAcknowledged = (attempt: AttemptRecord): boolean =>
  attempt.status === 'accepted' || attempt.status === 'completed' || attempt.providerId !== null;

function done(
  status: InboxOutcome['status'],
  now: Date,
  fields: Omit<InboxOutcome, 'status' | 'nextAttemptAt' | 'processedAt'>,
): InboxOutcome {
  return { status, ...fields, nextAttemptAt: null, processedAt: now, lastError: null };
}
