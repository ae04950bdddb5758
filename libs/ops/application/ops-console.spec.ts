import type { AttemptRecord, PayoutEventRecord, PayoutRecord } from '@libs/payouts/application';
import { DomainValidationError, PayoutError } from '@libs/payouts/domain';
import type { OpsAttemptRow, OpsConsoleStore, PayoutSearch } from './ops-console.port';
import { opsRow } from '@test/support/ops/ops.test-data';
import { CHART_HOURS, ReadOpsCharts } from './read-ops-charts';
import { ATTEMPTS_PAGE_SIZE, EVENTS_PAGE_SIZE, ReadOpsPayout, toTimelineEvent } from './read-ops-payout';
import { SEARCH_PAGE_SIZE, SearchPayouts, searchOf } from './search-payouts';

const NOW = new Date('2026-01-01T00:20:00Z');
const settings = {
  thresholdsMs: {
    awaiting_approval: 60_000,
    scheduled: 60_000,
    pending: 60_000,
    submitting: 60_000,
    processing: 60_000,
    manual_review: 60_000,
  },
  timeScale: 1,
};

function payoutAt(i: number): PayoutRecord {
  const id = `0193a1b2-3c4d-7e5f-8a9b-${String(i).padStart(12, '0')}`;
  return { ...opsRow({ id, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) }).payout };
}

function eventAt(id: number, over: Partial<PayoutEventRecord> = {}): PayoutEventRecord {
  return {
    id: String(id),
    payoutId: payoutAt(1).id,
    clientId: 'c1',
    version: id,
    from: 'processing',
    to: 'manual_review',
    source: 'poll:sipay',
    actor: null,
    evidence: null,
    applied: true,
    flagsContradiction: false,
    reason: 'transition',
    detail: 'processing -> manual_review from poll:sipay: applied (transition)',
    snapshot: null,
    createdAt: NOW,
    ...over,
  };
}

/** An in-memory console store over a list of payouts (newest first, as the SQL sorts) and one payout's events. */
function attemptAt(i: number): OpsAttemptRow {
  const attempt: AttemptRecord = {
    id: `0193a1b2-3c4d-7e5f-8a9c-${String(i).padStart(12, '0')}`,
    payoutId: payoutAt(1).id,
    provider: 'sipay',
    reference: `po-${i}`,
    providerId: null,
    status: 'rejected',
    failure: null,
    lastRawAnswer: null,
    pollCount: 0,
    lastPolledAt: null,
    submittedAt: null,
    sendCount: 1,
    ambiguousSince: null,
    lastSentAt: null,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
    updatedAt: NOW,
  };
  return { attempt, lastRawAnswer: null };
}

function store(payouts: PayoutRecord[], events: PayoutEventRecord[] = [], attempts: OpsAttemptRow[] = []) {
  const searches: PayoutSearch[] = [];
  const fake: OpsConsoleStore = {
    providerBalances: async () => ({ providers: [], held: 0, oldestHeldSince: null }),
    searchPayouts: async (search) => {
      searches.push(search);
      const sorted = [...payouts].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
      const after = search.after;
      return sorted
        .filter((payout) => !after || payout.createdAt.getTime() < after.createdAt.getTime())
        .slice(0, search.limit);
    },
    findPayout: async (id) => {
      const payout = payouts.find((candidate) => candidate.id === id);
      return payout && opsRow(payout);
    },
    // Oldest first, after a position (the ids sort as the creation times do here), as the SQL's keyset.
    listAttempts: async (_id, afterId, limit) =>
      attempts.filter(({ attempt }) => afterId === undefined || attempt.id > afterId).slice(0, limit),
    listEvents: async (_id, afterId, limit) =>
      events.filter((event) => Number(event.id) > Number(afterId ?? 0)).slice(0, limit),
    hourlyStatusCounts: async () => [],
    providerOutcomes: async () => [
      { provider: 'sipay', final: 4, succeeded: 3, p50Ms: 1000, p99Ms: 9000 },
      { provider: 'pientegra', final: 0, succeeded: 0, p50Ms: null, p99Ms: null },
    ],
  };
  return { fake, searches };
}

describe('searchOf', () => {
  it('looks a UUID up as a payout id, four letters or digits also as IBAN last 4, anything as a reference', () => {
    expect(searchOf(' 0193A1B2-3C4D-7E5F-8A9B-0C1D2E3F4A5B ', 10)).toEqual({
      text: '0193A1B2-3C4D-7E5F-8A9B-0C1D2E3F4A5B',
      payoutId: '0193a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b',
      limit: 10,
    });
    expect(searchOf('7890', 10)).toEqual({ text: '7890', ibanLast4: '7890', limit: 10 });
    expect(searchOf('order-1', 10)).toEqual({ text: 'order-1', limit: 10 });
  });

  it('refuses a whole IBAN (with or without spaces) without repeating it, and an empty term', () => {
    for (const iban of ['TR320010009999901234567890', 'TR32 0010 0099 9990 1234 5678 90']) {
      const error = (() => {
        try {
          searchOf(iban, 10);
        } catch (caught) {
          return caught as DomainValidationError;
        }
      })();
      expect(error).toBeInstanceOf(DomainValidationError);
      expect(error?.message).toContain('last 4');
      expect(error?.message).not.toContain('7890');
    }
    expect(() => searchOf('   ', 10)).toThrow(DomainValidationError);
  });
});

describe('SearchPayouts', () => {
  it('pages newest first with a keyset cursor: every payout once, and no cursor after the last page', async () => {
    const payouts = Array.from({ length: SEARCH_PAGE_SIZE + 3 }, (_, i) => payoutAt(i + 1));
    const { fake } = store(payouts);
    const search = new SearchPayouts(fake);
    const first = await search.execute({ q: '7890' });
    expect(first.data).toHaveLength(SEARCH_PAGE_SIZE);
    expect(first.data[0].id).toBe(payouts[payouts.length - 1].id);
    expect(first.nextCursor).not.toBeNull();
    const second = await search.execute({ q: '7890', cursor: first.nextCursor as string });
    expect(second.data.map((payout) => payout.id)).toEqual(
      payouts
        .slice(0, 3)
        .map((payout) => payout.id)
        .reverse(),
    );
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a cursor it did not issue as a field error', async () => {
    const search = new SearchPayouts(store([]).fake);
    await expect(search.execute({ q: 'order-1', cursor: 'bm90LWEtY3Vyc29y' })).rejects.toThrow(DomainValidationError);
  });
});

describe('ReadOpsPayout', () => {
  const payout = payoutAt(1);

  it('shows a person’s event with their name, reason and evidence, and pages the timeline by event id', async () => {
    const events = [
      ...Array.from({ length: EVENTS_PAGE_SIZE }, (_, i) => eventAt(i + 1)),
      eventAt(EVENTS_PAGE_SIZE + 1, {
        source: 'ops:c-ops',
        actor: 'c-ops',
        actorName: 'night-shift',
        to: 'failed',
        evidence: { resolvedBy: 'c-ops', reason: 'Sipay rejected it', evidence: 'ticket 4411' },
      }),
    ];
    const read = new ReadOpsPayout(store([payout], events).fake, () => undefined, settings);
    const first = await read.execute(payout.id, {}, NOW);
    expect(first.events.data).toHaveLength(EVENTS_PAGE_SIZE);
    expect(first.events.nextCursor).toBe(String(EVENTS_PAGE_SIZE));
    const second = await read.execute(payout.id, { eventsAfter: first.events.nextCursor as string }, NOW);
    expect(second.events).toEqual({
      data: [expect.objectContaining({ actor: 'night-shift', reason: 'Sipay rejected it', evidence: 'ticket 4411' })],
      nextCursor: null,
    });
    expect(first.canResolve).toBe(true);
    expect(first.nextAction).toEqual(expect.any(String));
  });

  it('names the client of an ops event no one typed a statement on (a refresh), keeping the decision’s word', () => {
    const refresh = eventAt(3, {
      source: 'ops:c-ops',
      actorName: 'night-shift',
      reason: 'duplicate',
      evidence: { lookup: 'found' },
    });
    expect(toTimelineEvent(refresh)).toMatchObject({ actor: 'night-shift', reason: 'duplicate' });
    expect(toTimelineEvent(refresh)).not.toHaveProperty('evidence');
    expect(toTimelineEvent(eventAt(4, { actorName: 'someone' }))).not.toHaveProperty('actor'); // not an ops event
  });

  it('pages the attempts, 20 at a time, by the last one shown', async () => {
    const attempts = Array.from({ length: ATTEMPTS_PAGE_SIZE + 1 }, (_, i) => attemptAt(i + 1));
    const read = new ReadOpsPayout(store([payout], [], attempts).fake, () => undefined, settings);
    const first = await read.execute(payout.id, {}, NOW);
    expect(ATTEMPTS_PAGE_SIZE).toBe(20);
    expect(first.attempts).toHaveLength(ATTEMPTS_PAGE_SIZE);
    expect(first.attemptsNextCursor).toBe(attempts[ATTEMPTS_PAGE_SIZE - 1].attempt.id);
    const second = await read.execute(payout.id, { attemptsAfter: first.attemptsNextCursor as string }, NOW);
    expect(second.attempts.map((attempt) => attempt.id)).toEqual([attempts[ATTEMPTS_PAGE_SIZE].attempt.id]);
    expect(second.attemptsNextCursor).toBeNull();
    await expect(read.execute(payout.id, { attemptsAfter: "x' OR 1=1" }, NOW)).rejects.toThrow(DomainValidationError);
  });

  it('answers not_found for a payout that does not exist, and refuses a timeline position it did not give', async () => {
    const read = new ReadOpsPayout(store([payout]).fake, () => undefined, settings);
    await expect(read.execute(payoutAt(2).id, {}, NOW)).rejects.toThrow(PayoutError);
    await expect(read.execute(payout.id, { eventsAfter: '1 OR 1=1' }, NOW)).rejects.toThrow(DomainValidationError);
  });

  it('offers no action and no next step on a final payout', async () => {
    const failed = { ...payoutAt(3), status: 'failed' as const, nextCheckAt: null };
    const page = await new ReadOpsPayout(store([failed]).fake, () => undefined, settings).execute(failed.id, {}, NOW);
    expect(page).toMatchObject({ canResolve: false, nextAction: null });
  });
});

describe('ReadOpsCharts', () => {
  it('covers the 24 whole hours up to the end of the current one, with success rates', async () => {
    const charts = await new ReadOpsCharts(store([]).fake).execute(NOW);
    expect(charts.to.toISOString()).toBe('2026-01-01T01:00:00.000Z');
    expect(charts.from.toISOString()).toBe('2025-12-31T01:00:00.000Z');
    expect(charts.hours).toHaveLength(CHART_HOURS);
    expect(charts.providers.map((p) => [p.provider, p.successRate])).toEqual([
      ['sipay', 0.75],
      ['pientegra', null],
    ]);
  });
});
