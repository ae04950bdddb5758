import { requestHash } from '@libs/payouts';
import { queryOnce } from '../support/database';
import { Stack } from '../support/stack';

const IBAN = 'TR320010009999901234567890';
const TCKN = '10000000146';
const VKN = '4540536920';

interface PayoutBody {
  id: string;
  status: string;
  version: number;
  beneficiary: { name: string };
  failure: { code: string; message: string; providerCode?: string; providerMessage?: string } | null;
  attempts: { provider: string; reference: string; status: string }[];
  events: { to: string; applied: boolean; source: string }[];
}

// Beneficiary names through the api, a worker and the sandbox: one spelling stored and sent, the two-word rule for a
// person, and a provider's name mismatch as a final failure that keeps the provider's words.
describe('beneficiary names', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({ label: 'beneficiary_names' });
  }, 120_000);
  afterAll(() => stack?.stop());

  const payoutOf = async (id: string) =>
    (await stack.call<PayoutBody>('GET', `/v1/payouts/${id}?expand=attempts,events`)).body;
  const countPayouts = async () =>
    (await queryOnce<{ n: number }>(stack.databaseUrl, 'SELECT count(*)::int AS n FROM payouts'))[0].n;

  it('refuses a one-word person (no national id, or a TCKN) with 400 naming beneficiary.name, storing nothing', async () => {
    const before = await countPayouts();
    for (const beneficiary of [
      { name: 'Ahmet', iban: IBAN },
      { name: '  Yılmaz  ', iban: IBAN, nationalId: TCKN },
    ]) {
      const answer = await stack.createPayout({ amount: '100000', beneficiary });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        code: 'validation_failed',
        errors: [{ field: 'beneficiary.name', message: expect.stringContaining('two words') }],
      });
    }
    expect(await countPayouts()).toBe(before);
  });

  it('still replays a key stored before the two-word rule whose body had a one-word person name', async () => {
    const oneWord = { amount: '100000', currency: 'TRY', beneficiary: { name: 'Ahmet', iban: IBAN } };
    const company = { ...oneWord, beneficiary: { ...oneWord.beneficiary, nationalId: VKN } };
    const key = { 'idempotency-key': 'stored-before-two-words' };
    const stored = await stack.call<{ id: string }>('POST', '/v1/payouts', company, key);
    expect(stored.status).toBe(201);
    // What the intake stored for this key before the rule: the one-word body's hash.
    await queryOnce(stack.databaseUrl, 'UPDATE idempotency_keys SET request_hash = $1 WHERE key = $2', [
      requestHash(oneWord),
      key['idempotency-key'],
    ]);
    const replay = await stack.call<{ id: string }>('POST', '/v1/payouts', oneWord, key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(stored.body.id);
  });

  it('takes a one-word company name with its VKN', async () => {
    const answer = await stack.createPayout({
      amount: '100000',
      beneficiary: { name: 'Trendyol', iban: IBAN, nationalId: VKN },
    });
    expect(answer.status).toBe(201);
  });

  it('stores and sends the name in one spelling: NFC, one space, trimmed, the letter case as written', async () => {
    const answer = await stack.createPayout({
      amount: '110000',
      provider: 'pientegra',
      beneficiary: { name: ' I\u0307pek\u00a0\u00a0 ays\u0327e   ÇELİK ', iban: IBAN, nationalId: TCKN },
    });
    expect(answer.status).toBe(201);
    const payout = (await stack.waitForStatus(answer.body.id, ['processing', 'succeeded'])) as unknown as PayoutBody;
    expect(payout.beneficiary.name).toBe('İpek ayşe ÇELİK');
    const { attempts } = await payoutOf(answer.body.id);
    const { data } = await stack.sandbox<{ data: { holderName: string }[] }>(
      'GET',
      `/_sandbox/transfers?reference=${encodeURIComponent(attempts[0].reference)}`,
    );
    expect(data.map((transfer) => transfer.holderName)).toEqual(['İpek ayşe ÇELİK']);
  });

  it.each(['sipay', 'pientegra'])(
    'fails a %s name mismatch as final: beneficiary_mismatch, one attempt, one call, no failover, the provider’s message on the event',
    async (provider) => {
      const answer = await stack.createPayout({ amount: '120071', provider });
      expect(answer.status).toBe(201);
      const { id } = answer.body;
      await stack.waitForStatus(id, ['failed']);
      // Give a retry, a failover or a poll the time to happen if any would.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const payout = await payoutOf(id);
      expect(payout.status).toBe('failed');
      expect(payout.failure).toMatchObject({ code: 'beneficiary_mismatch', providerMessage: expect.any(String) });
      expect(payout.failure?.providerMessage).not.toBe('');
      expect(payout.attempts).toEqual([expect.objectContaining({ provider, status: 'rejected' })]);
      expect(payout.events.filter((event) => event.applied).map((event) => event.to)).toEqual([
        'pending',
        'submitting',
        'failed',
      ]);
      const [attempt] = await queryOnce<{ send_count: number }>(
        stack.databaseUrl,
        'SELECT send_count FROM payout_attempts WHERE payout_id = $1',
        [id],
      );
      expect(attempt.send_count).toBe(1);
      const [event] = await queryOnce<{ evidence: { failure?: { code: string; providerMessage?: string } } }>(
        stack.databaseUrl,
        `SELECT evidence FROM payout_events WHERE payout_id = $1 AND applied AND to_status = 'failed'`,
        [id],
      );
      expect(event.evidence.failure).toMatchObject({
        code: 'beneficiary_mismatch',
        providerMessage: payout.failure?.providerMessage,
      });
      const { data } = await stack.sandbox<{ data: unknown[] }>(
        'GET',
        `/_sandbox/transfers?reference=${encodeURIComponent(payout.attempts[0].reference)}`,
      );
      expect(data).toHaveLength(0);
    },
  );
});
