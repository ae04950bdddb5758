import { AddressRanges } from '@libs/platform/config';
import type { SubmitRequest } from '@libs/providers/contract/payout-provider';
import { InMemoryTokenStore, TokenStore } from '@libs/providers/contract/token-store';
import { captureLogger, fakeClock, FakeClock, FAST_RETRY_POLICY, isolatedMetrics, readFixture } from './adapter-fakes';
import type { SipaySettings } from '@libs/providers/sipay/sipay.config';
import { createSipayProvider } from '@libs/providers/sipay/sipay.module';

/** Shared by the Sipay specs: settings, an attempt matching the fixtures, an adapter on fakes. */
export const API_ORIGIN = 'https://sipay.test';
export const TOKEN_ORIGIN = 'https://ids.sipay.test';
export const TOKEN_PATH = '/connect/token';
export const SEND_PATH = '/v1/Transaction/SendMoneyToBankAccount';
export const LOOKUP_PATH = '/v1/TransactionData/GetRequestWithdrawByExtId';
export const FIXTURE_TOKEN = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.sandbox';
export const JSON_HEADERS = { 'content-type': 'application/json' };

export const testSettings = (overrides: Partial<SipaySettings> = {}): SipaySettings => ({
  enabled: true,
  usesSandbox: false,
  apiBase: API_ORIGIN,
  tokenUrl: `${TOKEN_ORIGIN}${TOKEN_PATH}`,
  clientId: 'client-walletgate-1',
  clientSecret: 'cs_9f8e7d6c5b4a3210',
  scope: 'sts_business_api',
  clientKey: 'ck-walletgate-1',
  senderAccountNumber: '123456789',
  senderWalletNumber: '123456789',
  webhookToken: 'wh_7c1e5a9b3d2f4e6a',
  webhookAllowedIps: new AddressRanges([]),
  webhookWindowMs: 10 * 60_000,
  consistencyWindowMs: 30 * 60_000,
  fastMaxAmount: 10_000_000n,
  timeoutMs: 2_000, // generous: a busy CI machine must not turn a nock answer into a timeout; timeout tests set their own
  ...overrides,
});

/** The attempt whose send-money body is fixtures/send-money.request.json. */
export const fixtureAttempt = (overrides: Partial<SubmitRequest> = {}): SubmitRequest => ({
  payoutId: '0196a0f0-0000-7000-8000-000000000011',
  attemptId: '0196a0f0-0000-7000-8000-000000000012',
  reference: '20351400',
  amount: 250000n,
  currency: 'TRY',
  beneficiary: { name: 'Ahmet Yılmaz', iban: 'TR320010009999901234567890', nationalId: '10000000146' },
  description: 'payout',
  ...overrides,
});

export const fixture = (file: string): Buffer => readFixture('sipay', file);

export function buildSipay(
  options: { settings?: Partial<SipaySettings>; tokenStore?: TokenStore; clock?: FakeClock } = {},
) {
  const clock = options.clock ?? fakeClock();
  const logger = captureLogger();
  const { metrics, registry } = isolatedMetrics();
  const settings = testSettings(options.settings);
  const provider = createSipayProvider(settings, {
    tokenStore: options.tokenStore ?? new InMemoryTokenStore(clock.now),
    clock,
    retryPolicy: FAST_RETRY_POLICY,
    logger,
    metrics,
  });
  return { provider, clock, logger, registry, settings };
}
