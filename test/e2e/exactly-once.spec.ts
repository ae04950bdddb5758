import Redis from 'ioredis';
import { PROVIDERS_REDIS_PREFIX } from '@libs/providers';
import type { RunningProcess } from '../support/processes';
import { waitUntil } from '../support/processes';
import { Stack } from '../support/stack';

interface SandboxTransfer {
  provider: string;
  reference: string;
  amount: string;
  status: string;
}

interface SandboxRequest {
  provider: string;
  path: string;
  reference: string | null;
  status: number;
  at: string;
}

interface PayoutBody {
  id: string;
  status: string;
  provider: string | null;
  needsAttention: boolean;
  attempts: { provider: string; reference: string; status: string }[];
}

/**
 * Issue 13's double payment, end to end through the real processes and the sandbox: a provider records the transfer
 * but holds its answer past our timeout on every try, and the resend of the same attempt (its delayed job, picked up
 * by a worker running with a rotated credential) is refused: Pientegra 401, Sipay invalid_client at the token URL.
 * On f689337 both cases failed: Pientegra's refusal was taken as "not executed", the payout failed over and Sipay
 * paid it too (two transfers at the sandbox); for Sipay the poller had looked the attempt up while its send was still
 * in flight (no lease), which this test also forbids. Now the payout waits, and once the right credential is back
 * the original transfer is found: one transfer in all. Amounts end in 13 (held in review): no webhook settles it.
 */
describe('exactly once when a provider times out and then refuses the resend', () => {
  let stack: Stack;
  let amountSeq = 0;

  beforeAll(async () => {
    stack = await Stack.start({
      label: 'exactly_once_e2e',
      workers: 0,
      // Time to swap the worker between the first call's timeout and its resend; Sipay tokens expire meanwhile.
      // (The sandbox holds the token URL too in slow mode: a token is fetched first and outlives the first call.)
      env: { DISPATCH_RESUBMIT_DELAYS: '10s,10s', SANDBOX_TOKEN_TTL: '1h' },
    });
  }, 120_000);
  afterAll(() => stack?.stop());

  const uniqueAmount = (): string => String(1_000_000 + ++amountSeq * 1_000 + 13);

  async function replaceWorker(current: RunningProcess | undefined, env: Record<string, string> = {}) {
    if (current) {
      await current.stop('SIGKILL');
      stack.processes.workers.splice(stack.processes.workers.indexOf(current), 1);
    }
    return stack.addWorker(env);
  }

  const transfersFor = async (amount: string): Promise<SandboxTransfer[]> =>
    (await stack.sandbox<{ data: SandboxTransfer[] }>('GET', `/_sandbox/transfers?amount=${amount}`)).data;
  const payout = async (id: string): Promise<PayoutBody> =>
    (await stack.call<PayoutBody>('GET', `/v1/payouts/${id}?expand=attempts`)).body;

  async function forgetCachedTokens(): Promise<void> {
    const redis = new Redis(stack.env.REDIS_URL);
    try {
      const keys = await redis.keys(`${stack.env.REDIS_KEY_PREFIX}${PROVIDERS_REDIS_PREFIX}token*:sipay:*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  }

  async function rule(first: string, fallback: string): Promise<string> {
    const answer = await stack.call<{ id: string }>('POST', '/v1/routing/rules', {
      name: `${first} first`,
      priority: 1,
      targets: [{ provider: first, weight: 1 }],
      fallback: [fallback],
      reason: 'e2e',
    });
    if (answer.status !== 201) throw new Error(`rule not created: ${answer.status} ${answer.text}`);
    return answer.body.id;
  }

  it.each([
    ['pientegra', 'sipay', { PIENTEGRA_API_KEY: 'sk_test_rotated_key' }, 401],
    ['sipay', 'pientegra', { SIPAY_CLIENT_SECRET: 'rotated-secret' }, 400],
  ])(
    '%s: recorded, every try timed out, the resend refused by a rotated credential: one transfer in all',
    async (first, fallback, rotated, refusal) => {
      const ruleId = await rule(first, fallback);
      let worker = await replaceWorker(undefined);
      const warmUp = await stack.createPayout({ amount: uniqueAmount() });
      await stack.waitForStatus(warmUp.body.id, ['processing', 'manual_review'], 30_000);
      await stack.sandbox('PUT', `/_sandbox/providers/${first}`, { mode: 'slow' });
      const since = new Date().toISOString();
      const amount = uniqueAmount();
      const created = await stack.createPayout({ amount });
      expect(created.status).toBe(201);
      // The provider records the transfer and holds every answer past our timeout: the call ends ambiguous.
      await waitUntil(
        async () => {
          const { body } = await stack.call<{ events: { source: string; applied: boolean }[] }>(
            'GET',
            `/v1/payouts/${created.body.id}?expand=events`,
          );
          return body.events.some((event) => event.source === 'dispatch' && !event.applied) ? true : undefined;
        },
        30_000,
        'the first call to end ambiguous',
      );
      // Stop the worker before its resend is due (on a busy machine the steps below take seconds), then let the
      // resend's delayed job be taken by a worker whose credential was rotated meanwhile: it is refused.
      await worker.stop('SIGKILL');
      expect(await transfersFor(amount)).toHaveLength(1);
      await stack.sandbox('PUT', `/_sandbox/providers/${first}`, { mode: 'up' });
      await forgetCachedTokens(); // as if the token had expired: the rotated worker must fetch one
      worker = await replaceWorker(worker, rotated);
      await waitUntil(
        async () => {
          const { data } = await stack.sandbox<{ data: SandboxRequest[] }>(
            'GET',
            `/_sandbox/requests?provider=${first}&since=${encodeURIComponent(since)}`,
          );
          return data.some((request) => request.status === refusal) ? true : undefined;
        },
        60_000,
        `the resend refused with ${refusal}`,
      );
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect((await transfersFor(amount)).map((t) => t.provider)).toEqual([first]);
      const waiting = await payout(created.body.id);
      expect(waiting.status).toBe('submitting');
      expect(waiting.attempts.map((a) => [a.provider, a.status])).toEqual([[first, 'submitting']]);

      // The right credential is back: the original transfer is found under the same reference, never a second one.
      worker = await replaceWorker(worker);
      const settled = (await stack.waitForStatus(created.body.id, ['processing', 'manual_review'], 60_000)) as unknown;
      expect((settled as PayoutBody).provider).toBe(first);
      expect((await transfersFor(amount)).map((t) => t.provider)).toEqual([first]);
      await worker.stop('SIGKILL');
      stack.processes.workers.length = 0;
      await stack.call('DELETE', `/v1/routing/rules/${ruleId}?reason=e2e`);
    },
    150_000,
  );
});
