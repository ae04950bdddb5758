import { Client } from 'pg';
import { createPayoutsClient } from '../../clients/typescript';
import { runIntegrationFlow } from '../client/integration-flow';
import { queryOnce } from '../support/database';
import { startPayoutsApi, VALID_PAYOUT, type PayoutsApiHarness } from '../support/payouts-api';

// The generated TypeScript client (clients/typescript) against the real app: the integration flow a calling service
// runs, and the wrapper's retries, which must never make a second payout.
describe('TypeScript client', () => {
  let h: PayoutsApiHarness;
  const clientOf = (key: string) =>
    createPayoutsClient({ baseUrl: h.api.baseUrl, apiKey: key, retries: 2, retryDelayMs: 10, timeoutMs: 5000 });

  beforeAll(async () => {
    h = await startPayoutsApi('typescript_client', { service: ['payouts:write', 'payouts:read'] });
  });
  afterAll(() => h?.close());

  it('runs the integration flow: create (and replay), get, list, cancel, events feed', async () => {
    const outcome = await runIntegrationFlow(clientOf(h.keys.service), 'flow-1');
    expect(outcome.created).toMatchObject({ status: 'pending', amount: '250000', reference: 'flow-1' });
    expect(outcome.created.beneficiary.ibanLast4).toBe('7890');
    expect(outcome.replayed).toBe(true);
    expect(outcome.fetched.id).toBe(outcome.created.id);
    expect(outcome.fetched.events?.map((event) => event.to)).toEqual(['pending']);
    expect(outcome.listedIds).toEqual([outcome.created.id]);
    expect(outcome.canceled).toMatchObject({ id: outcome.created.id, status: 'canceled' });
    expect(outcome.secondCancel).toEqual({ status: 409, code: 'invalid_state' });
    expect(outcome.feedTypes).toEqual(['payout.pending', 'payout.canceled']);
  });

  it('catches up on the events feed while an older transaction on the server holds the events back', async () => {
    // The feed hands out an event only once every older transaction on the server has ended: here one is open in
    // another connection for the first 1.5 s of the flow, so the events are not there yet when the flow first asks.
    const holder = new Client({ connectionString: h.databaseUrl });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT txid_current()');
    const released = new Promise((resolve) => setTimeout(resolve, 1_500))
      .then(() => holder.query('COMMIT'))
      .finally(() => holder.end());
    try {
      const outcome = await runIntegrationFlow(clientOf(h.keys.service), 'flow-held');
      expect(outcome.feedTypes).toEqual(['payout.pending', 'payout.canceled']);
    } finally {
      await released;
    }
  });

  describe('createPayout retries with the same Idempotency-Key', () => {
    const served = globalThis.fetch;
    afterEach(() => {
      globalThis.fetch = served;
    });
    const countPayouts = async (reference: string) => {
      const [row] = await queryOnce<{ n: string }>(
        h.databaseUrl,
        'select count(*) as n from payouts where reference = $1',
        [reference],
      );
      return Number(row.n);
    };

    it('after an answer lost as a 502: the retry gets the stored payout, marked replayed', async () => {
      const keys: (string | null)[] = [];
      let lost = false;
      globalThis.fetch = async (input, init) => {
        const request = new Request(input, init);
        keys.push(request.headers.get('idempotency-key'));
        const answer = await served(request);
        if (lost) return answer;
        lost = true; // the service did the work; the caller sees a gateway error instead of its answer
        return new Response('bad gateway', { status: 502 });
      };
      const result = await clientOf(h.keys.service).createPayout(
        { ...VALID_PAYOUT, reference: 'retry-502' },
        { idempotencyKey: 'retry-502' },
      );
      expect(result.ok && result.replayed).toBe(true);
      expect(result.tries).toBe(2);
      expect(keys).toEqual(['retry-502', 'retry-502']);
      expect(await countPayouts('retry-502')).toBe(1);
    });

    it('after a network error: the retry creates it, once', async () => {
      let failed = false;
      globalThis.fetch = async (input, init) => {
        if (!failed) {
          failed = true;
          throw new TypeError('fetch failed');
        }
        return served(input, init);
      };
      const result = await clientOf(h.keys.service).createPayout(
        { ...VALID_PAYOUT, reference: 'retry-network' },
        { idempotencyKey: 'retry-network' },
      );
      expect(result).toMatchObject({ ok: true, replayed: false, tries: 2 });
      expect(await countPayouts('retry-network')).toBe(1);
    });

    it('does not retry a refusal: a 422 comes back as a typed problem after one try', async () => {
      const result = await clientOf(h.keys.service).createPayout(
        { ...VALID_PAYOUT, currency: 'EUR', reference: 'refused' },
        { idempotencyKey: 'refused' },
      );
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problem).toMatchObject({ code: 'validation_failed', status: 422 });
      expect(result.tries).toBe(1);
    });
  });
});
