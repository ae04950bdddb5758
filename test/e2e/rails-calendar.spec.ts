import { queryOnce } from '../support/database';
import { startApp, waitForReady } from '../support/processes';
import { Stack } from '../support/stack';

interface PayoutBody {
  id: string;
  status: string;
  rail: string | null;
  holdReason: string | null;
  expectedCompletionAt: string | null;
  scheduledFor: string | null;
  nextCheckAt?: string | null;
  attempts: { reference: string; provider: string }[];
  events: { from: string | null; to: string; source: string; applied: boolean }[];
}

/** Above FAST_MAX_AMOUNT (10,000,000): EFT. The last two digits (00) are the sandbox's "paid" scenario. */
const ABOVE_FAST_CAP = '10000100';
const WITHIN_FAST_CAP = '150000';

// Saturday 14 November 2026 12:00 Istanbul, and the Monday after at 08:31, just after EFT opens (no holiday near).
const SATURDAY_NOON = Date.parse('2026-11-14T09:00:00.000Z');
const MONDAY_EFT_OPENS = '2026-11-16T05:30:00.000Z';
const MONDAY_0831 = Date.parse('2026-11-16T05:31:00.000Z');

/** CLOCK_OFFSET that makes the processes' business clock read `at` now. */
const offsetTo = (at: number): string => `${at - Date.now()}ms`;

const payoutOf = async (stack: Stack, id: string): Promise<PayoutBody> =>
  (await stack.call<PayoutBody>('GET', `/v1/payouts/${id}?expand=attempts,events`)).body;
const transfersOf = async (stack: Stack, reference: string): Promise<unknown[]> =>
  (await stack.sandbox<{ data: unknown[] }>('GET', `/_sandbox/transfers?reference=${encodeURIComponent(reference)}`))
    .data;

async function waitForPayout(stack: Stack, id: string, done: (payout: PayoutBody) => boolean): Promise<PayoutBody> {
  const deadline = Date.now() + 45_000;
  for (;;) {
    const payout = await payoutOf(stack, id);
    if (done(payout)) return payout;
    if (Date.now() > deadline) throw new Error(`payout ${id} never got there: ${JSON.stringify(payout)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Restarts the api and the worker with their business clock at `at` (CLOCK_OFFSET), as after a weekend. */
async function restartAt(stack: Stack, at: number): Promise<void> {
  const env: Record<string, string> = { ...stack.env, CLOCK_OFFSET: offsetTo(at) };
  await Promise.all([stack.processes.api?.stop('SIGTERM'), ...stack.processes.workers.map((w) => w.stop('SIGTERM'))]);
  stack.processes.workers.length = 0;
  stack.env = env;
  stack.processes.api = startApp('api', env);
  await waitForReady(Number(env.PORT));
  await stack.addWorker();
}

// money-movement.md, "Turkish rails and the bank calendar", through the processes and the sandbox. The processes run
// on a business clock moved by CLOCK_OFFSET (tests only): first on a Saturday, then on the Monday after.
describe('rails and the bank calendar against the sandbox', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({ label: 'rails_calendar', env: { CLOCK_OFFSET: offsetTo(SATURDAY_NOON) } });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('pays within the FAST cap at once on a Saturday, expected a minute after acceptance', async () => {
    const created = await stack.createPayout({ amount: WITHIN_FAST_CAP });
    expect(created.status).toBe(201);
    const paid = await waitForPayout(stack, created.body.id, (p) => p.status === 'succeeded');
    expect(paid).toMatchObject({ rail: 'fast', holdReason: null, scheduledFor: null });
    const submitted = await queryOnce<{ submitted_at: Date }>(
      stack.databaseUrl,
      'SELECT submitted_at FROM payout_attempts WHERE payout_id = $1',
      [created.body.id],
    );
    const expected = Date.parse(paid.expectedCompletionAt ?? '');
    // A minute after the acceptance, which comes right after the attempt's send.
    expect(expected - submitted[0].submitted_at.getTime()).toBeGreaterThanOrEqual(60_000);
    expect(expected - submitted[0].submitted_at.getTime()).toBeLessThan(70_000);
  });

  it('holds a payout above the FAST cap on a Saturday for Monday’s EFT window, then pays it once on Monday', async () => {
    const created = await stack.createPayout({ amount: ABOVE_FAST_CAP });
    expect(created.status).toBe(201);

    const held = await waitForPayout(stack, created.body.id, (p) => p.status === 'scheduled');
    expect(held).toMatchObject({
      status: 'scheduled',
      rail: 'eft',
      holdReason: 'rail_closed',
      scheduledFor: MONDAY_EFT_OPENS,
      nextCheckAt: MONDAY_EFT_OPENS,
      expectedCompletionAt: '2026-11-16T06:30:00.000Z',
      attempts: [],
    });
    expect(held.events.filter((e) => e.applied).map((e) => [e.from, e.to, e.source])).toEqual([
      [null, 'pending', 'api'],
      ['pending', 'scheduled', 'dispatch'],
    ]);
    // Still held a while later: nothing is sent into a closed rail.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await payoutOf(stack, created.body.id)).toMatchObject({ status: 'scheduled', attempts: [] });

    await restartAt(stack, MONDAY_0831);

    const paid = await waitForPayout(stack, created.body.id, (p) => p.status === 'succeeded');
    expect(paid).toMatchObject({ rail: 'eft', holdReason: null, scheduledFor: MONDAY_EFT_OPENS });
    expect(paid.events.filter((e) => e.applied).map((e) => [e.from, e.to, e.source])).toEqual(
      expect.arrayContaining([
        ['scheduled', 'pending', 'schedule'],
        ['pending', 'submitting', 'dispatch'],
      ]),
    );
    expect(paid.attempts).toHaveLength(1);
    expect(await transfersOf(stack, paid.attempts[0].reference)).toHaveLength(1);
    // Accepted inside the window, early on Monday: an hour after acceptance (the window closes at 16:45).
    const expected = Date.parse(paid.expectedCompletionAt ?? '');
    expect(expected).toBeGreaterThanOrEqual(Date.parse('2026-11-16T06:31:00.000Z'));
    expect(expected).toBeLessThan(Date.parse('2026-11-16T06:36:00.000Z'));
  });
});

// The closures API, with the business clock on Monday 16 November 2026 10:00 Istanbul (EFT open but for a closure).
describe('calendar closures against the sandbox', () => {
  let stack: Stack;
  const TODAY = '2026-11-16';
  const closures = () => stack.call<{ data: unknown[] }>('GET', '/v1/calendar/closures?from=2026-11-01&to=2026-12-31');

  beforeAll(async () => {
    stack = await Stack.start({
      label: 'calendar_closures',
      env: { CLOCK_OFFSET: offsetTo(Date.parse('2026-11-16T07:00:00.000Z')) },
    });
  }, 120_000);
  afterAll(() => stack?.stop());

  it.each([
    ['2026-11-13', 'is in the past'],
    ['2026-02-30', 'must be a date'],
    ['16-11-2026', 'must be a date'],
  ])('refuses PUT %s with 400 naming the date, and changes nothing', async (date, message) => {
    const answer = await stack.call('PUT', `/v1/calendar/closures/${date}`, { reason: 'test' });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ code: 'validation_failed' });
    expect(answer.body.errors).toContainEqual({ field: 'date', message: expect.stringContaining(message) });
    expect((await closures()).body.data).toEqual([]);
  });

  it('refuses a malformed halfDayUntil and a past DELETE with 400', async () => {
    const bad = await stack.call('PUT', `/v1/calendar/closures/${TODAY}`, { reason: 'x', halfDayUntil: '25:00' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toContainEqual(expect.objectContaining({ field: 'halfDayUntil' }));
    const past = await stack.call('DELETE', '/v1/calendar/closures/2026-11-13?reason=cleanup');
    expect(past.status).toBe(400);
    expect((await closures()).body.data).toEqual([]);
  });

  it('closes EFT for its date: a payout above the cap waits for the next day; FAST stays open; removed, EFT goes', async () => {
    const put = await stack.call('PUT', `/v1/calendar/closures/${TODAY}`, { reason: 'interbank outage' });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ date: TODAY, reason: 'interbank outage' });
    const half = await stack.call('PUT', '/v1/calendar/closures/2026-11-20', { reason: 'half', halfDayUntil: '12:00' });
    expect(half.body).toEqual({ date: '2026-11-20', reason: 'half', halfDayUntil: '12:00' });
    expect((await closures()).body.data).toEqual([put.body, half.body]);
    const audit = await queryOnce<{ action: string; reason: string }>(
      stack.databaseUrl,
      `SELECT action, reason FROM audit_log WHERE subject_type = 'calendar_closure' AND subject_id = $1`,
      [TODAY],
    );
    expect(audit).toEqual([{ action: 'calendar_closure.added', reason: 'interbank outage' }]);

    const eft = await stack.createPayout({ amount: ABOVE_FAST_CAP });
    const held = await waitForPayout(stack, eft.body.id, (p) => p.status === 'scheduled');
    expect(held).toMatchObject({ holdReason: 'rail_closed', scheduledFor: '2026-11-17T05:30:00.000Z' });
    const fast = await stack.createPayout({ amount: WITHIN_FAST_CAP });
    expect(await waitForPayout(stack, fast.body.id, (p) => p.status === 'succeeded')).toMatchObject({ rail: 'fast' });

    const removed = await stack.call('DELETE', `/v1/calendar/closures/${TODAY}?reason=${encodeURIComponent('fixed')}`);
    expect(removed.status).toBe(200);
    expect((await closures()).body.data).toEqual([half.body]);
    const later = await stack.createPayout({ amount: ABOVE_FAST_CAP });
    expect(await waitForPayout(stack, later.body.id, (p) => p.status === 'succeeded')).toMatchObject({
      rail: 'eft',
      holdReason: null,
    });
  });
});
