import { PientegraClient, withdrawalBody } from '@test/support/sandbox/pientegra-client';
import { call, Harness, startHarness, uniqueKey } from '@test/support/sandbox/sandbox-harness';
import { envelopeOf, sendMoneyText, SipayClient } from '@test/support/sandbox/sipay-client';
import { ControlClient } from '@test/support/sandbox/control-client';
import { chaosOfEmulators } from '../emulator-registration';
import { EMULATORS } from '../emulators';
import { ChaosEngine } from './chaos-engine';
import type { SendBehaviour } from './chaos-profile';

const SEED = 20261203;
const TIMING = {
  webhookDelayMs: 50,
  holdMs: 1_500,
  answerDelayMs: 50,
  lateMaxMs: 200,
  reviewMaxMs: 200,
  sipayLagMaxMs: 200,
};

/** The first amount (minor units, from `from`) whose first sends draw `wanted`, as the sandbox will draw them. */
function amountDrawing(provider: 'pientegra' | 'sipay', wanted: readonly SendBehaviour[], from = 100_000): bigint {
  for (let amount = BigInt(from); amount < BigInt(from + 200_000); amount++) {
    const offline = new ChaosEngine(TIMING, chaosOfEmulators(EMULATORS, { sipayLagMaxMs: TIMING.sipayLagMaxMs }), {
      seed: SEED,
      profile: 'default',
    });
    const drawn = wanted.map(() => offline.drawSend(provider, 'probe', amount, false));
    if (drawn.every((behaviour, i) => behaviour === wanted[i])) return amount;
  }
  throw new Error(`no amount draws ${wanted.join(', ')}`);
}

const major = (minor: bigint) => `${minor / 100n}.${(minor % 100n).toString().padStart(2, '0')}`;
const timeout = (ms: number) => AbortSignal.timeout(ms);

describe('chaos mode (SANDBOX_CHAOS_SEED)', () => {
  let harness: Harness;
  let pientegra: PientegraClient;
  let sipay: SipayClient;
  let control: ControlClient;

  beforeAll(async () => {
    harness = await startHarness({
      webhookDelayMs: TIMING.webhookDelayMs,
      timeoutHoldMs: TIMING.holdMs,
      chaos: { seed: SEED, lateMaxMs: TIMING.lateMaxMs, sipayLagMaxMs: TIMING.sipayLagMaxMs, answerDelayMs: 50 },
    });
    pientegra = new PientegraClient(harness.url);
    sipay = new SipayClient(harness.url);
    control = new ControlClient(harness.url);
  });
  afterAll(() => harness.stop());
  beforeEach(() => control.reset());

  it('records a create, holds its answer past the timeout, then refuses the replay with 401: one transfer', async () => {
    const amount = amountDrawing('pientegra', ['hold_recorded', 'refuse_401']);
    const key = uniqueKey('chaos');
    const body = JSON.stringify(withdrawalBody(amount.toString()));
    const url = `${harness.url}/pientegra/api/v1/external/withdrawals`;
    const headers = {
      authorization: 'Bearer sk_test_spec_pientegra',
      'content-type': 'application/json',
      'idempotency-key': key,
    };
    await expect(fetch(url, { method: 'POST', headers, body, signal: timeout(500) })).rejects.toThrow();
    // The held request reached the handler (and recorded) before the caller gave up; on a busy machine, wait for it.
    for (let i = 0; i < 40 && (await control.transfers({ reference: key })).json.data.length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const replay = await pientegra.create(key, JSON.parse(body));
    expect(replay.status).toBe(401);
    const rows = (await control.transfers({ reference: key })).json.data;
    expect(rows).toHaveLength(1);
    const logged = (await control.requests({ reference: key })).json.data as { chaos: string }[];
    expect(logged.map((entry) => entry.chaos)).toEqual(['hold_recorded', 'refuse_401']);
  });

  it('resets the connection after recording a Sipay send; the resend says 301 or refuses, never a second record', async () => {
    const amount = amountDrawing('sipay', ['reset_after']);
    const ext = uniqueKey('chaos-sipay');
    await expect(sipay.send(sendMoneyText(ext, major(amount)))).rejects.toThrow();
    const rows = (await control.transfers({ provider: 'sipay', reference: ext })).json.data;
    expect(rows).toHaveLength(1);
    await sipay.send(sendMoneyText(ext, major(amount))).catch(() => undefined);
    expect((await control.transfers({ provider: 'sipay', reference: ext })).json.data).toHaveLength(1);
  });

  it('answers "nothing created" codes only when nothing was recorded', async () => {
    const amount = amountDrawing('sipay', ['code_311']);
    const ext = uniqueKey('chaos-311');
    const answer = await sipay.send(sendMoneyText(ext, major(amount)));
    expect(envelopeOf(answer).code).toBe('311');
    expect((await control.transfers({ provider: 'sipay', reference: ext })).json.data).toHaveLength(0);
  });

  it('draws the same behaviours again after a reset with the same seed (replay)', async () => {
    const amounts = [100_001n, 100_002n, 100_003n, 100_004n];
    const run = async () => {
      const drawn: (string | undefined)[] = [];
      for (const amount of amounts) {
        const key = uniqueKey('replay');
        await pientegra.create(key, withdrawalBody(amount.toString())).catch(() => undefined);
        const [entry] = (await control.requests({ reference: key })).json.data as { chaos?: string }[];
        drawn.push(entry?.chaos);
      }
      return drawn;
    };
    const first = await run();
    await control.reset();
    expect(await run()).toEqual(first);
  }, 20_000);

  it('is switched by PUT /_sandbox/chaos and shows what the sandbox still has to do', async () => {
    const off = await call(`${harness.url}/_sandbox/chaos`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seed: null }),
    });
    expect(off.json.data).toMatchObject({ enabled: false, seed: null });
    // Chaos off: the amount's last two digits decide again (71 = name mismatch, refused with 422).
    const refused = await pientegra.create(uniqueKey('off'), withdrawalBody('250071'));
    expect(refused.status).toBe(422);
    const on = await call(`${harness.url}/_sandbox/chaos`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seed: SEED, profile: 'default' }),
    });
    expect(on.json.data).toMatchObject({ enabled: true, seed: SEED, profile: 'default' });
    expect(on.json.data.pending).toEqual(expect.objectContaining({ outcomeTimers: expect.any(Number) }));
    const bad = await call(`${harness.url}/_sandbox/chaos`, { method: 'PUT', body: '{"seed":-1}' });
    expect(bad.status).toBe(400);
  });
});
