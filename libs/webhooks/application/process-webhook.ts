import type {
  AttemptRecord,
  BeneficiaryForSubmission,
  PayoutRecord,
  PayoutStore,
  TransactionRows,
  TransitionPayout,
} from '@libs/payouts/application';
import {
  submitRequestFor,
  type PayoutProvider,
  type ProviderSignal,
  type WebhookParseResult,
} from '@libs/providers/contract';
import { flagPayoutForOps } from '@libs/reconciliation/application';
import type { Clock } from '@libs/platform/time';
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

/** What a confirming lookup needs, read in one transaction before it. */
interface ForLookup {
  attempt: AttemptRecord;
  payout: PayoutRecord;
  beneficiary: BeneficiaryForSubmission;
}

/** The rows a webhook's processing works on: one transaction's, or (without `inboxIn`) each statement its own. */
interface InTransaction {
  store: PayoutStore;
  transition: Pick<TransitionPayout, 'decide'>;
  /** The row's outcome. */
  record(outcome: InboxOutcome): Promise<void>;
}

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
     * transaction: the attempt found, the payout's status decided, the row marked processed; a failure
     * leaves none of it. Without it, each is a transaction of its own.
     */
    private readonly inboxIn?: TransactionRows<Pick<InboxStore, 'record'>>,
  ) {}

  /** Processes the row if it is still waiting and due; 'skipped' when another worker has it or it is done. */
  async execute(inboxId: string, clock: Clock): Promise<InboxOutcome['status'] | 'skipped'> {
    const now = clock.now();
    const row = await this.inbox.claim(inboxId, now, new Date(now.getTime() + this.options.leaseMs));
    return row ? this.processClaimed(row, clock) : 'skipped';
  }

  /** Processes a row this worker claimed. A failure is kept on the row and retried by the sweeper. */
  async processClaimed(row: InboxRow, clock: Clock): Promise<InboxOutcome['status']> {
    try {
      const parsed = await this.parse(row, clock);
      if (parsed.kind === 'done') {
        await this.inbox.record(row.id, parsed.outcome);
        return parsed.outcome.status;
      }
      const { provider, event } = parsed;
      const inTransaction = this.transactionFor(row);
      const { signal } = event;
      if (!signal || !event.mustConfirmByLookup) {
        return await inTransaction(async ({ store, transition, record }) => {
          const attempt = await this.findAttempt(store, provider.name, event);
          const outcome = attempt
            ? await this.apply(row, provider, event, attempt, undefined, clock, transition)
            : this.orphan(row, provider.name, clock.now());
          await record(outcome);
          return outcome.status;
        });
      }
      // A lookup is a provider call, never made inside a transaction: what it needs is read in one, the decision and
      // the row's outcome written in another.
      const found = await inTransaction(({ store }) => this.readForLookup(store, provider.name, event));
      if (!found) {
        const outcome = this.orphan(row, provider.name, clock.now());
        await this.inbox.record(row.id, outcome);
        return outcome.status;
      }
      const confirmed = await this.confirm(row, provider, signal, found, clock);
      if (confirmed.kind === 'outcome') {
        await this.inbox.record(row.id, confirmed.outcome);
        return confirmed.outcome.status;
      }
      return await inTransaction(async ({ transition, record }) => {
        const outcome = await this.apply(row, provider, event, found.attempt, confirmed.evidence, clock, transition);
        await record(outcome);
        return outcome.status;
      });
    } catch (error) {
      const retryAt = nextRetryAt({
        ...this.retry(row, clock.now(), CONFIRM_RETRY_DELAYS_MS),
        giveUpAfterMs: Infinity,
      });
      await this.inbox.record(row.id, {
        status: row.status,
        nextAttemptAt: retryAt ?? null,
        lastError: describe(error),
      });
      throw error;
    }
  }

  /**
   * Runs `work` in one transaction whose status decision and inbox outcome commit together (with `inboxIn`); without
   * it, on the store outside any transaction, each statement its own.
   */
  private transactionFor(row: InboxRow) {
    const inboxIn = this.inboxIn;
    return <T>(work: (tx: InTransaction) => Promise<T>): Promise<T> =>
      inboxIn
        ? this.transition.within((scope) =>
            work({
              store: scope.store,
              transition: scope,
              record: (outcome) => inboxIn(scope.store.transaction).record(row.id, outcome),
            }),
          )
        : work({
            store: this.payouts,
            transition: this.transition,
            record: (outcome) => this.inbox.record(row.id, outcome),
          });
  }

  private async parse(row: InboxRow, clock: Clock): Promise<Parsed> {
    const provider = this.providers.find(row.provider);
    if (!provider)
      return {
        kind: 'done',
        outcome: done('ignored', clock.now(), { detail: `provider ${row.provider} is no longer registered` }),
      };
    // Kept waiting with the reason as its last error: once the key is configured again, a retry reads it.
    if (row.bodyUnavailable !== undefined) throw new Error(`the stored body cannot be read: ${row.bodyUnavailable}`);
    const parsed = await provider.parseWebhook({
      headers: row.headers,
      rawBody: row.rawBody,
      receivedAt: row.receivedAt,
    });
    if (parsed.kind !== 'event')
      return { kind: 'done', outcome: done(parsed.kind, clock.now(), { detail: parsed.reason }) };
    return { kind: 'event', provider, event: parsed };
  }

  /** The attempt, and what a lookup replays (its request is the payout's create): the payout and its beneficiary. */
  private async readForLookup(store: PayoutStore, provider: string, event: Event): Promise<ForLookup | undefined> {
    const attempt = await this.findAttempt(store, provider, event);
    if (!attempt) return undefined;
    const payout = await store.payouts.find(attempt.payoutId);
    if (!payout) throw new Error(`payout ${attempt.payoutId} of attempt ${attempt.id} not found`);
    const beneficiary = await store.beneficiaries.loadBeneficiaryForSubmission(payout.id);
    return { attempt, payout, beneficiary };
  }

  /** A hint-only webhook checked against the provider's own record: apply it (with the lookup's evidence) or not. */
  private async confirm(
    row: InboxRow,
    provider: PayoutProvider,
    signal: ProviderSignal,
    { attempt, payout, beneficiary }: ForLookup,
    clock: Clock,
  ): Promise<{ kind: 'outcome'; outcome: InboxOutcome } | { kind: 'apply'; evidence: Record<string, unknown> }> {
    const base = { payoutId: attempt.payoutId, attemptId: attempt.id };
    const source = `webhook:${provider.name}`;
    const confirmation = await confirmByLookup(provider, submitRequestFor(payout, attempt, beneficiary), signal);
    const lookupEvidence = confirmation.evidence;
    const now = clock.now();
    if (confirmation.kind === 'no_record' && signal.status === 'failed' && !wasAcknowledged(attempt)) {
      // The provider says it rejected a transfer it has no record of, for an attempt it never acknowledged: both
      // say no money moved. Nothing to apply and nothing to alarm anyone about; the attempt is settled by our own
      // lookup (its "no record" is the proof) or has been already.
      return {
        kind: 'outcome',
        outcome: done('processed', now, {
          ...base,
          decision: 'no_record',
          detail: 'a failure the provider has no record of: nothing applied, our own lookup settles the attempt',
          lookupEvidence,
        }),
      };
    }
    const unconfirmed: Unconfirmed = { row, provider: provider.name, base, source, lookupEvidence, now };
    if (confirmation.kind === 'contradicted' || confirmation.kind === 'no_record') {
      return { kind: 'outcome', outcome: await this.contradiction(unconfirmed) };
    }
    if (confirmation.kind === 'not_yet') return { kind: 'outcome', outcome: await this.notYet(unconfirmed) };
    return { kind: 'apply', evidence: lookupEvidence };
  }

  /**
   * The signal through TransitionPayout. An attempt that is no longer live (2b) is judged under the lock, not here on
   * a stale read: recorded, never applied, and flagged as a contradiction when it says money moved.
   */
  private async apply(
    row: InboxRow,
    provider: PayoutProvider,
    parsed: Event,
    attempt: AttemptRecord,
    lookupEvidence: Record<string, unknown> | undefined,
    clock: Clock,
    transition: Pick<TransitionPayout, 'decide'>,
  ): Promise<InboxOutcome> {
    const base = { payoutId: attempt.payoutId, attemptId: attempt.id };
    if (!parsed.signal) return done('processed', clock.now(), { ...base, decision: 'no_signal' });
    const now = clock.now();
    const { decision } = await applyWebhook(transition, {
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

  private async notYet({ row, provider, base, source, lookupEvidence, now }: Unconfirmed): Promise<InboxOutcome> {
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

  private async contradiction({
    row,
    provider,
    base,
    source,
    lookupEvidence,
    now,
  }: Unconfirmed): Promise<InboxOutcome> {
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

/** A hint-only webhook the provider's record did not confirm, with what the lookup found. */
interface Unconfirmed {
  row: InboxRow;
  provider: string;
  base: { payoutId: string; attemptId: string };
  source: string;
  lookupEvidence: Record<string, unknown>;
  now: Date;
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
