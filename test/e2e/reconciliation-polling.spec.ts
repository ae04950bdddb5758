import { DirectPayouts, type SubmittedPayout } from '../support/direct-payouts';
import { queryOnce } from '../support/database';
import { waitUntil } from '../support/processes';
import { Stack } from '../support/stack';

// The poller end to end (schedules 1000x sooner): Sipay's manual-approval gap, Pientegra's ambiguous create, an
// exhausted schedule, and a lookup that proves an attempt never executed. Payouts are created and submitted through
// DirectPayouts (payout persistence + real adapters); the failover case then goes through the real dispatch worker.
interface EventRow extends Record<string, unknown> {
  from_status: string | null;
  to_status: string;
  applied: boolean;
  source: string;
  evidence: Record<string, unknown> | null;
}

describe('reconciliation poller (e2e against the sandbox)', () => {
  let stack: Stack;
  let direct: DirectPayouts;
  let workerPort: number;

  const events = (payoutId: string) =>
    queryOnce<EventRow>(
      stack.databaseUrl,
      'SELECT from_status, to_status, applied, source, evidence FROM payout_events WHERE payout_id = $1 ORDER BY id',
      [payoutId],
    );
  const payoutRow = async (payoutId: string) =>
    (
      await queryOnce<{ status: string; needs_attention: boolean; next_check_at: Date | null }>(
        stack.databaseUrl,
        'SELECT status, needs_attention, next_check_at FROM payouts WHERE id = $1',
        [payoutId],
      )
    )[0];
  const transfers = async (provider: string, reference: string) =>
    (
      await stack.sandbox<{ data: { status: string; webhooks: unknown[] }[] }>(
        'GET',
        `/_sandbox/transfers?provider=${provider}&reference=${reference}`,
      )
    ).data;
  const inboxCount = async (reference: string) =>
    (
      await queryOnce<{ n: number }>(
        stack.databaseUrl,
        'SELECT count(*)::int AS n FROM webhook_inbox WHERE reference = $1',
        [reference],
      )
    )[0].n;
  /** An attempt that was "sent" without an answer (a timeout), `agoMs` ago: only a lookup can tell what happened. */
  const unanswered = async (provider: string, agoMs: number, pin = true): Promise<SubmittedPayout> => {
    const payout = await direct.createSubmitting({ amount: 150_000n, provider, pin });
    await queryOnce(
      stack.databaseUrl,
      `UPDATE payout_attempts SET submitted_at = now() - make_interval(secs => $2::int / 1000.0),
         created_at = now() - make_interval(secs => $2::int / 1000.0),
         last_raw_answer = '{"body": "", "transportError": "timeout", "requestCount": 1}'
       WHERE id = $1`,
      [payout.attemptId, agoMs],
    );
    await queryOnce(stack.databaseUrl, 'UPDATE payouts SET next_check_at = now() WHERE id = $1', [payout.payoutId]);
    return payout;
  };

  beforeAll(async () => {
    stack = await Stack.start({ label: 'reconciliation_polling', workers: 0 });
    // One worker, whose start-up line says where its /metrics are.
    const worker = await stack.addWorker({ LOG_LEVEL: 'info' });
    workerPort = Number(/health and metrics on http:\/\/127\.0\.0\.1:(\d+)/.exec(worker.output())?.[1]);
    direct = await DirectPayouts.open(stack.databaseUrl, stack.env, stack.clientId);
  });
  afterAll(async () => {
    await direct?.close();
    await stack?.stop();
  });

  it.each([
    ['13', 150_013n, 'succeeded'],
    ['14', 150_014n, 'failed'],
  ])(
    'Sipay scenario %s: manual_review by polling (no webhook), resolved only by polling after a release',
    async (_scenario, amount, ending) => {
      const payout = await direct.createAndSubmit({ amount, provider: 'sipay' });
      expect(payout.outcome.kind).toBe('accepted');
      await stack.waitForStatus(payout.payoutId, ['manual_review'], 30_000);
      const entered = (await events(payout.payoutId)).find((e) => e.applied && e.to_status === 'manual_review');
      expect(entered).toMatchObject({ from_status: 'processing', source: 'poll:sipay' });
      // Lookups keep saying "pending" (0) during the review: recorded, and never taken as a release.
      await waitUntil(
        async () =>
          (await events(payout.payoutId)).some(
            (e) => !e.applied && e.to_status === 'manual_review' && e.source === 'poll:sipay',
          ),
        30_000,
        'a poll during the review',
      );
      expect((await payoutRow(payout.payoutId)).status).toBe('manual_review');

      const released = await stack.sandbox<{ data: { status: string } }>(
        'POST',
        `/_sandbox/transfers/sipay/${payout.reference}/release`,
        {},
      );
      expect(released.data.status).toBe(ending === 'succeeded' ? 'sent' : 'rejected');
      await stack.waitForStatus(payout.payoutId, [ending], 30_000);

      const applied = (await events(payout.payoutId)).filter((e) => e.applied).map((e) => [e.to_status, e.source]);
      expect(applied.slice(-3)).toEqual([
        ['processing', 'dispatch'],
        ['manual_review', 'poll:sipay'],
        [ending, 'poll:sipay'],
      ]);
      expect((await events(payout.payoutId)).filter((e) => e.applied && e.to_status === 'processing')).toHaveLength(1);
      const [transfer] = await transfers('sipay', payout.reference);
      expect(transfer.webhooks).toEqual([]);
      expect(await inboxCount(payout.reference)).toBe(0);
      if (ending === 'failed') {
        const { body } = await stack.call<{ failure: { code: string } }>('GET', `/v1/payouts/${payout.payoutId}`);
        expect(body.failure.code).toBe('bank_rejected');
      }
    },
  );

  it('resolves an ambiguous Pientegra create by replaying it under the same key: one withdrawal, then its outcome', async () => {
    await stack.sandbox('PUT', '/_sandbox/providers/pientegra', { mode: 'slow' });
    const payout = await direct.createSubmitting({ amount: 150_000n, provider: 'pientegra' });
    try {
      const outcome = await direct.submit(payout);
      expect(outcome.kind).toBe('ambiguous');
    } finally {
      await stack.sandbox('PUT', '/_sandbox/providers/pientegra', { mode: 'up' });
    }
    await stack.waitForStatus(payout.payoutId, ['succeeded'], 60_000);
    // The slow first tries recorded the withdrawal; every later try and the poller's replay found the same one.
    expect(await transfers('pientegra', payout.reference)).toHaveLength(1);
    const attempts = await queryOnce<{ reference: string; provider_id: string | null; status: string }>(
      stack.databaseUrl,
      'SELECT reference, provider_id, status FROM payout_attempts WHERE payout_id = $1',
      [payout.payoutId],
    );
    expect(attempts).toEqual([{ reference: payout.reference, provider_id: expect.any(String), status: 'completed' }]);
    // The poller's replay took the payout out of submitting (to what the withdrawal says by then).
    const applied = (await events(payout.payoutId)).filter((e) => e.applied);
    const leftSubmitting = applied.find((e) => e.from_status === 'submitting');
    expect(leftSubmitting?.source).toBe('poll:pientegra');
    // The withdrawal.sent webhook came while we held no withdrawalId: an orphan until the replay told us the id.
    const inbox = await waitUntil(
      async () => {
        const rows = await queryOnce<{ status: string; payout_id: string | null }>(
          stack.databaseUrl,
          `SELECT status, payout_id FROM webhook_inbox WHERE provider = 'pientegra' AND provider_id = $1`,
          [attempts[0].provider_id],
        );
        return rows.length === 1 && rows[0].status === 'processed' ? rows : undefined;
      },
      30_000,
      'the webhook to be matched and processed',
    );
    expect(inbox[0].payout_id).toBe(payout.payoutId);
  });

  it('flags a payout whose schedule ran out (needs_attention) and never fails it', async () => {
    // Sipay has no record of it, and inside its consistency window that proves nothing.
    const payout = await unanswered('sipay', 0);
    await waitUntil(
      async () => ((await payoutRow(payout.payoutId)).needs_attention ? true : undefined),
      30_000,
      'needs_attention',
    );
    const row = await payoutRow(payout.payoutId);
    expect(row.status).toBe('submitting');
    expect(row.next_check_at).not.toBeNull();
    const polls = (await events(payout.payoutId)).filter((e) => e.source === 'poll:sipay');
    expect(polls.length).toBeGreaterThanOrEqual(1);
    expect(polls.every((e) => !e.applied)).toBe(true);
    expect(polls.at(-1)?.evidence).toMatchObject({
      lookup: 'not_found',
      provesNotExecuted: false,
      scheduleExhausted: true,
    });
    const [attempt] = await queryOnce<{ poll_count: number; status: string }>(
      stack.databaseUrl,
      'SELECT poll_count, status FROM payout_attempts WHERE id = $1',
      [payout.attemptId],
    );
    expect(attempt.status).toBe('submitting');
    expect(attempt.poll_count).toBe(polls.length);
  });

  it('fails over when Sipay proves, after its consistency window, that the attempt never executed', async () => {
    const payout = await unanswered('sipay', 60 * 60_000, false);
    await stack.waitForStatus(payout.payoutId, ['succeeded'], 60_000);
    const attempts = await queryOnce<{ provider: string; status: string; failure: { code: string } | null }>(
      stack.databaseUrl,
      'SELECT provider, status, failure FROM payout_attempts WHERE payout_id = $1 ORDER BY created_at',
      [payout.payoutId],
    );
    expect(attempts.map((a) => [a.provider, a.status])).toEqual([
      ['sipay', 'rejected'],
      ['pientegra', 'completed'],
    ]);
    expect(attempts[0].failure?.code).toBe('provider_unavailable');
    const failover = (await events(payout.payoutId)).find(
      (e) => e.applied && e.to_status === 'pending' && e.from_status,
    );
    expect(failover).toMatchObject({ from_status: 'submitting', source: 'poll:sipay' });
    expect(await transfers('sipay', payout.reference)).toEqual([]);
  });

  it('reports polls by outcome, the budget used per provider and orphans on the worker', async () => {
    const metrics = await (await fetch(`http://127.0.0.1:${workerPort}/metrics`)).text();
    const value = (pattern: RegExp) => Number(pattern.exec(metrics)?.[1] ?? 'NaN');
    expect(value(/payout_polls_total\{provider="sipay",outcome="found"\} (\d+)/)).toBeGreaterThanOrEqual(4);
    expect(value(/payout_polls_total\{provider="sipay",outcome="not_found"\} (\d+)/)).toBeGreaterThanOrEqual(2);
    expect(value(/payout_polls_total\{provider="pientegra",outcome="\w+"\} (\d+)/)).toBeGreaterThanOrEqual(1);
    expect(value(/payout_provider_budget_used\{provider="pientegra"\} ([\d.e-]+)/)).toBeGreaterThan(0);
    expect(value(/payout_webhook_orphans_total\{provider="pientegra"\} (\d+)/)).toBeGreaterThanOrEqual(1);
  });
});
