import {
  toAttemptView,
  toPayoutEventView,
  type AttemptView,
  type PayoutEventRecord,
  type PayoutEventView,
  type PayoutView,
} from '@libs/payouts/application';
import { DomainValidationError, isInFlight, PayoutError, type InFlightStatus } from '@libs/payouts/domain';
import { toStuckView, type StuckSettings } from './list-stuck-payouts';
import type { OpsConsoleStore } from './ops-console.port';
import type { ScheduleLookup } from './ops-store.port';
import { toProviderAnswerView, type ProviderAnswerView } from './provider-answer-view';
import { RESOLVABLE_STATUSES } from './resolve-payout';

export const EVENTS_PAGE_SIZE = 50;
/** A payout rarely has more than a few attempts; paged all the same, as every console list is. */
export const ATTEMPTS_PAGE_SIZE = 20;
const EVENT_ID = /^[1-9]\d{0,18}$/;
const ATTEMPT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface OpsAttemptView extends AttemptView {
  pollCount: number;
  lastPolledAt: string | null;
  submittedAt: string | null;
  /** Masked (provider-answer-view): never a full IBAN, a national id or a name. */
  lastProviderAnswer: ProviderAnswerView | null;
}

export interface OpsPayoutPage {
  payout: PayoutView;
  /** Since when it is in its status. */
  ageSeconds: number;
  /** For a live payout, what happens next (the poll schedule, or "needs a person"); null once final. */
  nextAction: string | null;
  canResolve: boolean;
  /** A provider contradicted itself or us about this payout (not part of the client's view). */
  contradiction: boolean;
  attempts: OpsAttemptView[];
  /** The last attempt shown when more follow (`attemptsAfter`); null on the last page. */
  attemptsNextCursor: string | null;
  events: { data: PayoutEventView[]; nextCursor: string | null };
}

/**
 * An event as the API shows it; on the console an ops event also names its client when no one typed a statement on
 * it (a refresh from before refreshes carried the person's reason on their event: it is only in the audit log).
 */
export function toTimelineEvent(event: PayoutEventRecord): PayoutEventView {
  const view = toPayoutEventView(event);
  if (view.actor !== undefined || !event.source.startsWith('ops:') || !event.actorName) return view;
  return { ...view, actor: event.actorName };
}

/** The console's payout page: the payout, its attempts with their last provider answers, its timeline. */
export class ReadOpsPayout {
  constructor(
    private readonly store: OpsConsoleStore,
    private readonly schedules: ScheduleLookup,
    private readonly settings: StuckSettings,
  ) {}

  async execute(
    payoutId: string,
    params: { eventsAfter?: string; attemptsAfter?: string },
    now: Date,
  ): Promise<OpsPayoutPage> {
    const after = params.eventsAfter;
    if (after !== undefined && !EVENT_ID.test(after)) {
      throw new DomainValidationError([{ field: 'eventsAfter', message: 'is not a position this page gave' }]);
    }
    const attemptsAfter = params.attemptsAfter;
    if (attemptsAfter !== undefined && !ATTEMPT_ID.test(attemptsAfter)) {
      throw new DomainValidationError([{ field: 'attemptsAfter', message: 'is not a position this page gave' }]);
    }
    const [row, attemptRows, events] = await Promise.all([
      this.store.findPayout(payoutId),
      this.store.listAttempts(payoutId, attemptsAfter, ATTEMPTS_PAGE_SIZE + 1),
      this.store.listEvents(payoutId, after, EVENTS_PAGE_SIZE + 1),
    ]);
    if (!row) throw new PayoutError('not_found', `no payout ${payoutId}`);
    const live = isInFlight(row.payout.status);
    const stuck = toStuckView(row, now, {
      thresholdMs: this.settings.thresholdsMs[row.payout.status as InFlightStatus] ?? 0,
      isOlderThanQuery: false,
      schedules: this.schedules,
      timeScale: this.settings.timeScale,
    });
    const page = events.slice(0, EVENTS_PAGE_SIZE);
    const attempts = attemptRows.slice(0, ATTEMPTS_PAGE_SIZE);
    return {
      payout: stuck.payout,
      ageSeconds: stuck.ageSeconds,
      nextAction: live ? stuck.nextAction : null,
      contradiction: row.payout.contradiction,
      canResolve: (RESOLVABLE_STATUSES as readonly string[]).includes(row.payout.status),
      attempts: attempts.map(({ attempt, lastRawAnswer }) => ({
        ...toAttemptView(attempt),
        pollCount: attempt.pollCount,
        lastPolledAt: attempt.lastPolledAt?.toISOString() ?? null,
        submittedAt: attempt.submittedAt?.toISOString() ?? null,
        lastProviderAnswer: toProviderAnswerView(lastRawAnswer),
      })),
      attemptsNextCursor:
        attemptRows.length > ATTEMPTS_PAGE_SIZE ? (attempts[attempts.length - 1]?.attempt.id ?? null) : null,
      events: {
        data: page.map(toTimelineEvent),
        nextCursor: events.length > EVENTS_PAGE_SIZE ? (page[page.length - 1]?.id ?? null) : null,
      },
    };
  }
}
