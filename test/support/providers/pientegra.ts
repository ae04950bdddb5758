import type { SubmitRequest } from '@libs/providers/contract/payout-provider';
import { InMemoryRateBudget, RateBudget } from '@libs/providers/contract/rate-budget';
import { captureLogger, fakeClock, FAST_RETRY_POLICY, isolatedMetrics, readFixture } from './adapter-fakes';
import type { PientegraSettings } from '@libs/providers/pientegra/pientegra.config';
import { createPientegraProvider } from '@libs/providers/pientegra/pientegra.module';

/** Shared by the Pientegra specs: settings, an attempt matching the fixtures, an adapter on fakes. */
export const TEST_API_ORIGIN = 'https://pientegra.test';
export const TEST_API_PATH = '/api/v1';

export const testSettings = (overrides: Partial<PientegraSettings> = {}): PientegraSettings => ({
  enabled: true,
  usesSandbox: false,
  apiBase: `${TEST_API_ORIGIN}${TEST_API_PATH}`,
  apiKey: 'sk_live_site42_9f8e7d6c5b4a',
  webhookSecrets: ['whsec_test_5f1d2c'],
  requestsPerMinute: 60,
  fastMaxAmount: 10_000_000n,
  timeoutMs: 2_000, // generous: a busy CI machine must not turn a nock answer into a timeout; timeout tests set their own
  ...overrides,
});

/** The attempt whose create body is fixtures/create-withdrawal.request.json. */
export const fixtureAttempt = (overrides: Partial<SubmitRequest> = {}): SubmitRequest => ({
  payoutId: '0196a0f0-0000-7000-8000-000000000001',
  attemptId: '0196a0f0-0000-7000-8000-000000000002',
  reference: '6f1c2d9e-8a7b-4c3d-9e8f-0a1b2c3d4e5f',
  amount: 250000n,
  currency: 'TRY',
  beneficiary: { name: 'Ahmet Yılmaz', iban: 'TR320010009999901234567890', nationalId: '10000000146' },
  customer: { id: 'user-12345', label: 'Ahmet Y.' },
  ...overrides,
});

export const fixture = (file: string): Buffer => readFixture('pientegra', file);
export const fixtureJson = (file: string): unknown => JSON.parse(fixture(file).toString('utf8'));

export function buildPientegra(
  options: { settings?: Partial<PientegraSettings>; budget?: RateBudget; budgetMaxWaitMs?: number } = {},
) {
  const clock = fakeClock();
  const logger = captureLogger();
  const { metrics, registry } = isolatedMetrics();
  const settings = testSettings(options.settings);
  const provider = createPientegraProvider(settings, {
    budget: options.budget ?? new InMemoryRateBudget(clock.now),
    budgetMaxWaitMs: options.budgetMaxWaitMs,
    clock,
    retryPolicy: FAST_RETRY_POLICY,
    logger,
    metrics,
  });
  return { provider, clock, logger, registry, settings };
}
