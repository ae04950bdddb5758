import { TransitionPayout } from '@libs/payouts';
import { startPayoutsApi, VALID_PAYOUT, type PayoutsApiHarness } from '../support/payouts-api';

interface LateFlip {
  kind: string;
  at: string;
  clientId: string;
  payout: { id: string; status: string };
  event: {
    id: string;
    from: string | null;
    to: string;
    applied: boolean;
    source: string;
    reason: string;
    detail: string;
    evidence: Record<string, unknown> | null;
  };
}

// GET /v1/ops/contradictions and the payouts_late_flips gauge, through HTTP on real Postgres, with the statuses
// written by TransitionPayout as a provider's webhooks would.
describe('GET /v1/ops/contradictions', () => {
  let h: PayoutsApiHarness;
  let transition: TransitionPayout;
  const ids: Record<string, string> = {};
  const list = (query = '', key = h.keys.ops) => h.call('GET', `/v1/ops/contradictions${query}`, { key });
  const create = async (client: string, idempotencyKey: string) => {
    const answer = await h.call('POST', '/v1/payouts', { key: h.keys[client], idempotencyKey, body: VALID_PAYOUT });
    expect(answer.status).toBe(201);
    return answer.body.id as string;
  };
  const walk = async (id: string, statuses: readonly ('submitting' | 'processing' | 'succeeded' | 'failed')[]) => {
    for (const to of statuses) {
      await transition.apply(id, {
        to,
        source: to === 'submitting' ? 'dispatch' : 'webhook:sipay',
        ...(to === 'failed' ? { failure: { code: 'bank_rejected' as const, message: 'the bank refused' } } : {}),
      });
    }
  };

  beforeAll(async () => {
    h = await startPayoutsApi('ops_contradictions', {
      writer: ['payouts:write', 'payouts:read'],
      other: ['payouts:write', 'payouts:read'],
      ops: ['ops:read'],
    });
    transition = h.api.app.get(TransitionPayout);
    // Failed, then reported paid: refused (it stays failed), flagged once however often the provider says it.
    ids.paidAfterFailed = await create('writer', 'paid-after-failed');
    await walk(ids.paidAfterFailed, ['submitting', 'processing', 'failed']);
    for (let i = 0; i < 2; i += 1) {
      await transition.apply(ids.paidAfterFailed, {
        to: 'succeeded',
        source: 'webhook:sipay',
        evidence: { providerId: 'p-77', providerStatus: 'COMPLETED' },
      });
    }
    // Succeeded, then returned by the bank: applied.
    ids.returned = await create('other', 'returned-after-success');
    await walk(ids.returned, ['submitting', 'processing', 'succeeded']);
    await transition.apply(ids.returned, {
      to: 'returned',
      source: 'webhook:sipay',
      evidence: { providerStatus: 'RETURNED', returnReason: 'account closed' },
    });
    // Neither: a return before success and a plain success are not late flips.
    ids.plain = await create('writer', 'plain-success');
    await walk(ids.plain, ['submitting', 'processing', 'succeeded']);
  });
  afterAll(() => h?.close());

  it('lists both late flips of every client, newest first, each with its payout now and the event with its evidence', async () => {
    const answer = await list();
    expect(answer.status).toBe(200);
    const data = answer.body.data as LateFlip[];
    expect(data.map((row) => [row.kind, row.payout.id])).toEqual([
      ['reversed_after_succeeded', ids.returned],
      ['paid_after_failed', ids.paidAfterFailed],
    ]);
    expect(answer.body.nextCursor).toBeNull();
    const [returned, paid] = data;
    expect(paid).toMatchObject({
      clientId: h.ids.writer,
      payout: { id: ids.paidAfterFailed, status: 'failed' },
      event: {
        from: 'failed',
        to: 'succeeded',
        applied: false,
        source: 'webhook:sipay',
        reason: 'contradiction',
        evidence: { providerId: 'p-77', providerStatus: 'COMPLETED' },
      },
    });
    expect(paid.event.detail).toContain('contradiction');
    expect(returned).toMatchObject({
      clientId: h.ids.other,
      payout: { id: ids.returned, status: 'returned' },
      event: { from: 'succeeded', to: 'returned', applied: true, evidence: { returnReason: 'account closed' } },
    });
    expect(Date.parse(returned.at)).toBeGreaterThanOrEqual(Date.parse(paid.at));
  });

  it('pages with nextCursor, and refuses a cursor it did not give with 400', async () => {
    const first = await list('?limit=1');
    expect((first.body.data as LateFlip[]).map((row) => row.payout.id)).toEqual([ids.returned]);
    const cursor = first.body.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
    const second = await list(`?limit=1&cursor=${encodeURIComponent(cursor)}`);
    expect((second.body.data as LateFlip[]).map((row) => row.payout.id)).toEqual([ids.paidAfterFailed]);
    expect(second.body.nextCursor).toBeNull();
    for (const query of ['?cursor=bm9wZQ', '?limit=0', '?limit=101', '?status=failed']) {
      const refused = await list(query);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'validation_failed' });
    }
  });

  it('needs ops:read', async () => {
    expect((await list('', h.keys.writer)).status).toBe(403);
    expect((await h.call('GET', '/v1/ops/contradictions')).status).toBe(401);
  });

  it('counts late flips by kind on /metrics (payouts_late_flips), every kind present', async () => {
    const metrics = await fetch(`${h.api.baseUrl}/metrics`).then((response) => response.text());
    expect(metrics).toMatch(/^payouts_late_flips\{kind="paid_after_failed"\} 1$/m);
    expect(metrics).toMatch(/^payouts_late_flips\{kind="reversed_after_succeeded"\} 1$/m);
    expect(metrics).toMatch(/^payouts_late_flips\{kind="other"\} 0$/m);
  });
});
