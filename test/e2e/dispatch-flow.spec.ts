import { Stack } from '../support/stack';

/** A valid Turkish IBAN (mod-97 check digits) for a 5-digit bank code: routing rules match on the bank code. */
function turkishIban(bankCode: string, account = '0099999012345678'): string {
  const bban = `${bankCode}0${account}`;
  const digits = `${bban}${29}${27}00`; // T = 29, R = 27
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  return `TR${String(98 - remainder).padStart(2, '0')}${bban}`;
}

interface SandboxTransfer {
  provider: string;
  reference: string;
  providerId: string;
  amount: string;
  status: string;
}

interface PayoutBody {
  id: string;
  status: string;
  provider: string | null;
  nextCheckAt?: string | null;
  routing: { ruleId: string | null; ruleVersion: number | null; reason: string; providers?: unknown[] } | null;
  failure: { code: string; message: string; providerCode?: string; providerMessage?: string } | null;
  attempts: { id: string; provider: string; reference: string; providerId: string | null; status: string }[];
  events: { from: string | null; to: string; source: string; applied: boolean }[];
}

async function payoutOf(stack: Stack, id: string): Promise<PayoutBody> {
  return (await stack.call<PayoutBody>('GET', `/v1/payouts/${id}?expand=attempts,events`)).body;
}

async function transfersOf(stack: Stack, reference: string): Promise<SandboxTransfer[]> {
  const { data } = await stack.sandbox<{ data: SandboxTransfer[] }>(
    'GET',
    `/_sandbox/transfers?reference=${encodeURIComponent(reference)}`,
  );
  return data;
}

async function createRule(stack: Stack, rule: Record<string, unknown>): Promise<{ id: string; version: number }> {
  const answer = await stack.call<{ id: string; version: number }>('POST', '/v1/routing/rules', {
    reason: 'e2e',
    ...rule,
  });
  if (answer.status !== 201) throw new Error(`rule not created: ${answer.status} ${answer.text}`);
  return answer.body;
}

async function deleteRule(stack: Stack, id: string): Promise<void> {
  const answer = await stack.call('DELETE', `/v1/routing/rules/${id}?reason=e2e`);
  if (answer.status !== 200) throw new Error(`rule not deleted: ${answer.status} ${answer.text}`);
}

async function setProvider(stack: Stack, name: string, patch: Record<string, unknown>): Promise<void> {
  const answer = await stack.call('PATCH', `/v1/providers/${name}`, { reason: 'e2e', ...patch });
  if (answer.status !== 200) throw new Error(`provider not changed: ${answer.status} ${answer.text}`);
}

// Routing and dispatch end to end: sandbox, api and a worker as real processes. Webhook ingestion (issue 7) may or may
// not run here; every assertion below holds either way unless it says otherwise.
describe('dispatch against the sandbox', () => {
  let stack: Stack;
  const IN_FLIGHT_OR_PAID = ['processing', 'succeeded'];

  beforeAll(async () => {
    stack = await Stack.start({ label: 'dispatch_flow', env: { DISPATCH_RESUBMIT_DELAYS: '200ms,500ms' } });
  }, 120_000);
  afterAll(() => stack?.stop());

  const create = async (fields: Record<string, unknown> & { amount: string }): Promise<string> => {
    const answer = await stack.createPayout(fields);
    expect(answer.status).toBe(201);
    return answer.body.id;
  };

  it('routes by amount and by bank code, and records the rule, its version and every provider’s eligibility', async () => {
    const byAmount = await createRule(stack, {
      name: 'large to sipay',
      priority: 10,
      match: { minAmount: '5000000' },
      targets: [{ provider: 'sipay', weight: 1 }],
    });
    const byBank = await createRule(stack, {
      name: 'bank 00062 to pientegra',
      priority: 20,
      match: { bankCodes: ['00062'] },
      targets: [{ provider: 'pientegra', weight: 1 }],
    });
    const fallbackToSipay = await createRule(stack, {
      name: 'everything else to sipay',
      priority: 30,
      targets: [{ provider: 'sipay', weight: 1 }],
    });
    try {
      const large = await create({ amount: '5000000' });
      const bank = await create({
        amount: '120000',
        beneficiary: { name: 'Ayşe Demir', iban: turkishIban('00062'), nationalId: '10000000146' },
      });
      const other = await create({ amount: '120000' });

      const [largeDone, bankDone, otherDone] = await Promise.all(
        [large, bank, other].map((id) => stack.waitForStatus(id, IN_FLIGHT_OR_PAID)),
      );
      const expectRouted = (payout: Record<string, unknown>, provider: string, rule: { id: string }) => {
        const body = payout as unknown as PayoutBody;
        expect(body.provider).toBe(provider);
        expect(body.routing).toMatchObject({ ruleId: rule.id, ruleVersion: 1 });
        expect(body.routing?.providers).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              provider: 'pientegra',
              eligible: expect.any(Boolean),
              reason: expect.any(String),
            }),
            expect.objectContaining({ provider: 'sipay', eligible: expect.any(Boolean), reason: expect.any(String) }),
          ]),
        );
        expect(body.attempts).toHaveLength(1);
        expect(body.attempts[0]).toMatchObject({ provider, status: expect.stringMatching(/accepted|completed/) });
      };
      expectRouted(largeDone, 'sipay', byAmount);
      expectRouted(bankDone, 'pientegra', byBank);
      expectRouted(otherDone, 'sipay', fallbackToSipay);
    } finally {
      for (const rule of [byAmount, byBank, fallbackToSipay]) await deleteRule(stack, rule.id);
    }
  });

  it('sends a pinned payout to the pinned provider, whatever the rules say', async () => {
    const rule = await createRule(stack, {
      name: 'all to pientegra',
      priority: 1,
      targets: [{ provider: 'pientegra', weight: 1 }],
    });
    try {
      const id = await create({ amount: '130000', provider: 'sipay' });
      const payout = (await stack.waitForStatus(id, IN_FLIGHT_OR_PAID)) as unknown as PayoutBody;
      expect(payout.provider).toBe('sipay');
      expect(payout.routing).toMatchObject({ ruleId: null, ruleVersion: null });
      expect(payout.routing?.reason).toContain('pinned');
    } finally {
      await deleteRule(stack, rule.id);
    }
  });

  it('keeps payouts pending with a next check while their only provider drains, and sends them once it stops', async () => {
    const rule = await createRule(stack, {
      name: 'only sipay',
      priority: 1,
      targets: [{ provider: 'sipay', weight: 1 }],
    });
    await setProvider(stack, 'sipay', { drain: true });
    try {
      const id = await create({ amount: '140000' });
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      const waiting = await payoutOf(stack, id);
      expect(waiting.status).toBe('pending');
      expect(waiting.attempts).toHaveLength(0);
      expect(waiting.nextCheckAt).toEqual(expect.any(String));
      expect(waiting.routing?.reason).toContain('no target or fallback provider is eligible');
      expect(JSON.stringify(waiting.routing?.providers)).toContain('draining');

      // No restart: the next re-dispatch reads the new setting.
      await setProvider(stack, 'sipay', { drain: false });
      const sent = (await stack.waitForStatus(id, IN_FLIGHT_OR_PAID, 20_000)) as unknown as PayoutBody;
      expect(sent.provider).toBe('sipay');
      expect(sent.attempts).toHaveLength(1);
    } finally {
      await setProvider(stack, 'sipay', { drain: false });
      await deleteRule(stack, rule.id);
    }
  });

  it('fails Sipay 31 over to Pientegra: two attempts, one transfer at the sandbox', async () => {
    const rule = await createRule(stack, {
      name: 'sipay first',
      priority: 1,
      targets: [{ provider: 'sipay', weight: 1 }],
      fallback: ['pientegra'],
    });
    try {
      const id = await create({ amount: '150031' });
      const payout = (await stack.waitForStatus(id, IN_FLIGHT_OR_PAID)) as unknown as PayoutBody;
      expect(payout.provider).toBe('pientegra');
      expect(payout.attempts.map((a) => [a.provider, a.status])).toEqual([
        ['sipay', 'rejected'],
        ['pientegra', expect.stringMatching(/accepted|completed/)],
      ]);
      expect(payout.attempts[0].reference).not.toBe(payout.attempts[1].reference);
      const applied = payout.events.filter((e) => e.applied).map((e) => e.to);
      expect(applied.slice(0, 5)).toEqual(['pending', 'submitting', 'pending', 'submitting', 'processing']);
      expect(await transfersOf(stack, payout.attempts[0].reference)).toHaveLength(0);
      expect(await transfersOf(stack, payout.attempts[1].reference)).toHaveLength(1);
    } finally {
      await deleteRule(stack, rule.id);
    }
  });

  it('fails Sipay 71 with beneficiary_mismatch and the provider’s own code, without failover', async () => {
    const rule = await createRule(stack, {
      name: 'sipay first',
      priority: 1,
      targets: [{ provider: 'sipay', weight: 1 }],
      fallback: ['pientegra'],
    });
    try {
      const id = await create({ amount: '150071' });
      const payout = (await stack.waitForStatus(id, ['failed'])) as unknown as PayoutBody;
      expect(payout.failure).toMatchObject({ code: 'beneficiary_mismatch', providerCode: '306' });
      expect(payout.failure?.providerMessage).toEqual(expect.any(String));
      expect(payout.attempts).toHaveLength(1);
      expect(payout.attempts[0]).toMatchObject({ provider: 'sipay', status: 'rejected' });
      expect(await transfersOf(stack, payout.attempts[0].reference)).toHaveLength(0);
    } finally {
      await deleteRule(stack, rule.id);
    }
  });

  it('records Pientegra 41 (timeout after accept) once at the sandbox under one reference', async () => {
    const id = await create({ amount: '160041', provider: 'pientegra' });
    const payout = (await stack.waitForStatus(id, IN_FLIGHT_OR_PAID, 30_000)) as unknown as PayoutBody;
    expect(payout.attempts).toHaveLength(1);
    expect(payout.attempts[0]).toMatchObject({
      provider: 'pientegra',
      status: expect.stringMatching(/accepted|completed/),
    });
    expect(payout.attempts[0].providerId).toEqual(expect.any(String));
    const transfers = await transfersOf(stack, payout.attempts[0].reference);
    expect(transfers).toHaveLength(1);
    expect(transfers[0].providerId).toBe(payout.attempts[0].providerId);
  });

  it('ends Pientegra 41 succeeded once the outcome webhook is applied (needs issue 7’s webhook ingestion)', async () => {
    const id = await create({ amount: '170041', provider: 'pientegra' });
    const payout = (await stack.waitForStatus(id, ['succeeded'], 45_000)) as unknown as PayoutBody;
    expect(payout.attempts).toHaveLength(1);
    const { data } = await stack.sandbox<{ data: { reference: string }[] }>(
      'GET',
      '/_sandbox/transfers?provider=pientegra',
    );
    expect(data.filter((t) => t.reference === payout.attempts[0].reference)).toHaveLength(1);
  });
});
