import { captureLogger, isolatedMetrics } from '@test/support/providers/adapter-fakes';
import { instrumentProvider } from './instrumented-provider';
import type { PayoutProvider, SubmitRequest } from './payout-provider';

const attempt: SubmitRequest = {
  payoutId: 'p1',
  attemptId: 'a1',
  reference: 'ref-1',
  amount: 250000n,
  currency: 'TRY',
  beneficiary: { name: 'Ahmet Yılmaz', iban: 'TR320010009999901234567890', nationalId: '10000000146' },
};

function fakeProvider(overrides: Partial<PayoutProvider>): PayoutProvider {
  return {
    name: 'fake',
    capabilities: {
      currencies: ['TRY'],
      ibanCountries: ['TR'],
      minAmount: 1n,
      maxAmount: 1_000_000_000n,
      requiresNationalId: false,
      rails: { fast: { maxAmount: 10_000_000n }, eft: true },
      processingPollSchedule: { stepsMs: [], thenEveryMs: 1 },
      confirmsWebhooksByLookup: false,
    },
    submit: async () => ({
      kind: 'accepted',
      providerId: 'x',
      signal: { status: 'processing', providerStatus: 'ok' },
      raw: { body: '', requestCount: 1 },
    }),
    lookup: async () => ({ kind: 'not_found', provesNotExecuted: false, raw: { body: '', requestCount: 1 } }),
    verifyWebhook: async () => ({ ok: true }),
    parseWebhook: async () => ({ kind: 'unparseable', reason: 'r', raw: '' }),
    ...overrides,
  };
}

describe('instrumentProvider', () => {
  it('has a readBalance only when the adapter has one, observed like the other calls (a throw is unavailable)', async () => {
    const { metrics, registry } = isolatedMetrics();
    const options = { metrics, logger: captureLogger(), operationTimeoutMs: 1_000 };
    expect(instrumentProvider(fakeProvider({}), options).readBalance).toBeUndefined();
    const reading = instrumentProvider(
      fakeProvider({
        readBalance: async () => ({ kind: 'known', amount: 5n, currency: 'TRY', raw: { body: '', requestCount: 1 } }),
      }),
      options,
    );
    expect(await reading.readBalance?.()).toMatchObject({ kind: 'known', amount: 5n });
    const throwing = instrumentProvider(
      fakeProvider({
        readBalance: async () => {
          throw new Error('boom');
        },
      }),
      options,
    );
    expect(await throwing.readBalance?.()).toMatchObject({ kind: 'unavailable', reason: 'internal_error' });
    expect(await registry.metrics()).toContain(
      'payout_provider_call_duration_seconds_count{provider="fake",operation="read_balance",outcome="known"} 1',
    );
  });

  it('records latency by provider, operation and outcome, and errors by normalized code', async () => {
    const { metrics, registry } = isolatedMetrics();
    const provider = instrumentProvider(
      fakeProvider({
        submit: async () => ({
          kind: 'not_executed',
          failure: { code: 'insufficient_provider_balance', message: 'm' },
          failoverAllowed: true,
          raw: { body: '', requestCount: 1 },
        }),
      }),
      { metrics, logger: captureLogger(), operationTimeoutMs: 1_000 },
    );
    await provider.submit(attempt);
    const text = await registry.metrics();
    expect(text).toContain(
      'payout_provider_call_duration_seconds_count{provider="fake",operation="submit",outcome="not_executed"} 1',
    );
    expect(text).toContain(
      'payout_provider_call_errors_total{provider="fake",operation="submit",code="insufficient_provider_balance"} 1',
    );
  });

  it('logs one line per call with the reference and never the beneficiary', async () => {
    const logger = captureLogger();
    const provider = instrumentProvider(fakeProvider({}), {
      metrics: isolatedMetrics().metrics,
      logger,
      operationTimeoutMs: 1_000,
    });
    await provider.submit(attempt);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatch(/^log submit reference=ref-1 attempt=a1 outcome=accepted providerId=x/);
    expect(logger.lines.join('\n')).not.toMatch(/TR3200|10000000146|Ahmet/);
  });

  it('turns a thrown submit into ambiguous (money may have moved) and a thrown lookup into unavailable', async () => {
    const logger = captureLogger();
    const boom = async () => {
      throw new Error('parse failed near TR320010009999901234567890');
    };
    const provider = instrumentProvider(
      fakeProvider({ submit: boom, lookup: boom, parseWebhook: boom, verifyWebhook: boom }),
      {
        metrics: isolatedMetrics().metrics,
        logger,
        operationTimeoutMs: 1_000,
      },
    );
    expect(await provider.submit(attempt)).toMatchObject({ kind: 'ambiguous', reason: 'internal_error' });
    expect(await provider.lookup(attempt)).toMatchObject({ kind: 'unavailable', reason: 'internal_error' });
    const request = { headers: {}, rawBody: Buffer.from('{}'), receivedAt: new Date() };
    expect(await provider.verifyWebhook(request)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(await provider.parseWebhook(request)).toMatchObject({ kind: 'unparseable', raw: '{}' });
    expect(logger.lines.join('\n')).not.toContain('TR320010009999901234567890');
  });

  it('answers ambiguous when an operation outlives its deadline', async () => {
    const provider = instrumentProvider(fakeProvider({ submit: () => new Promise(() => undefined) }), {
      metrics: isolatedMetrics().metrics,
      logger: captureLogger(),
      operationTimeoutMs: 20,
    });
    expect(await provider.submit(attempt)).toMatchObject({ kind: 'ambiguous', reason: 'timeout' });
  });
});
