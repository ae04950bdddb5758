import { isJsonObject, jsonIdText, parseJsonLossless } from '@libs/platform/json';
import { randomUUID } from 'node:crypto';
import nock from 'nock';
import type { ConformanceHarness, HarnessFactory, Situation } from '../../support/conformance/conformance-harness';
import { SITUATIONS } from '../../support/conformance/conformance-harness';
import { sleep } from '../../support/conformance/sandbox-scenarios';
import {
  captureLogger,
  fakeClock,
  FAST_RETRY_POLICY,
  isolatedMetrics,
  sentBodyText,
} from '../../support/providers/adapter-fakes';
import type { PayoutProvider, RawRequest, SubmitRequest } from '@libs/providers/contract/payout-provider';
import { InMemoryTokenStore } from '@libs/providers/contract/token-store';
import { createSipayProvider } from '@libs/providers/sipay/sipay.module';
import {
  API_ORIGIN,
  fixture,
  fixtureAttempt,
  JSON_HEADERS,
  LOOKUP_PATH,
  SEND_PATH,
  testSettings,
  TOKEN_ORIGIN,
  TOKEN_PATH,
} from '../../support/providers/sipay';

const TIMEOUT_MS = 100;
type Reply = [number, string | Buffer, Record<string, string>?];
const envelope = (code: string, message: string): Reply => [
  200,
  JSON.stringify({ status: 2, code, message }),
  JSON_HEADERS,
];

const referenceIn = (body: string): string => {
  const value = parseJsonLossless(body);
  return (isJsonObject(value) ? jsonIdText(value.ext_transaction_id) : undefined) ?? '';
};

/**
 * Sipay as nock answers it from the fixtures: the first send per ext_transaction_id is answered per situation and
 * later ones with 301 (as Sipay does); lookups answer the lookup fixture, its status replaced where a case asks.
 */
class SipayNockHarness implements ConformanceHarness {
  readonly mode = 'nock';
  // The send-money and lookup fixtures are two different transfers (request_id vs id).
  readonly idsMatchAcrossCalls = false;
  readonly provider: PayoutProvider;
  readonly statusCases = [
    { providerStatus: '0', expected: 'processing' },
    { providerStatus: '1', expected: 'succeeded' },
    { providerStatus: '2', expected: 'failed' },
    { providerStatus: '3', expected: 'failed' },
  ] as const;
  private readonly settings = testSettings({ timeoutMs: TIMEOUT_MS });
  private readonly situationOf = new Map<string, Situation>();
  private readonly sends: string[] = [];
  private readonly recorded = new Set<string>();
  private readonly statusOf = new Map<string, string>();

  constructor() {
    const clock = fakeClock();
    this.provider = createSipayProvider(this.settings, {
      tokenStore: new InMemoryTokenStore(clock.now),
      clock,
      retryPolicy: FAST_RETRY_POLICY,
      logger: captureLogger(),
      metrics: isolatedMetrics().metrics,
    });
    const answerSend = (reference: string) => this.answerSend(reference);
    const answerLookup = (reference: string) => this.answerLookup(reference);
    nock(TOKEN_ORIGIN).persist().post(TOKEN_PATH).reply(200, fixture('token.response.json'), JSON_HEADERS);
    nock(API_ORIGIN)
      .persist()
      .post(SEND_PATH)
      .reply(async function () {
        return answerSend(referenceIn(sentBodyText(this)));
      })
      .post(LOOKUP_PATH)
      .reply(function () {
        return answerLookup(referenceIn(sentBodyText(this)));
      });
  }

  async arrange(situation: Situation): Promise<SubmitRequest> {
    const attempt = fixtureAttempt({ reference: randomUUID(), attemptId: randomUUID() });
    this.situationOf.set(attempt.reference, situation);
    return attempt;
  }

  async recordedTransfers(attempt: SubmitRequest): Promise<number> {
    return this.recorded.has(attempt.reference) ? 1 : 0;
  }

  /** One harness serves one check, so every send it saw belongs to that check. */
  async createReferences(): Promise<string[]> {
    return [...this.sends];
  }

  async webhooks(_attempt: SubmitRequest, _providerId: string, count: number): Promise<RawRequest[]> {
    return Array.from({ length: count }, () => ({
      headers: { 'content-type': 'application/json' },
      rawBody: fixture('webhook-bank-transfer-success.json'),
      pathToken: this.settings.webhookToken,
      remoteAddress: '127.0.0.1',
      receivedAt: new Date(),
    }));
  }

  webhookReference(): string {
    return '54171323223317131311333332552';
  }

  forge(request: RawRequest) {
    return { request: { ...request, pathToken: `${this.settings.webhookToken}x` }, expected: 'bad_token' as const };
  }

  async arrangeStatus(providerStatus: string): Promise<SubmitRequest> {
    const attempt = fixtureAttempt({ reference: randomUUID() });
    this.statusOf.set(attempt.reference, providerStatus);
    return attempt;
  }

  async close(): Promise<void> {
    nock.cleanAll();
  }

  private async answerSend(reference: string): Promise<Reply> {
    this.sends.push(reference);
    const situation = this.situationOf.get(reference);
    const first = this.sends.filter((r) => r === reference).length === 1;
    if (situation === 'refused') return envelope('306', 'Alıcı adı ile IBAN eşleşmiyor');
    if (!first && this.recorded.has(reference)) return envelope('301', 'Bu ext_transaction_id ile işlem mevcut');
    if (first && situation === 'server_error_once') return [500, 'Internal Server Error'];
    if (first && situation === 'rate_limited_once') return [429, '', { 'retry-after': '1' }];
    this.recorded.add(reference);
    if (first && situation === 'timeout_after_accept') await sleep(TIMEOUT_MS * 3);
    return [200, fixture('send-money.response.json'), JSON_HEADERS];
  }

  private answerLookup(reference: string): Reply {
    const status = this.statusOf.get(reference) ?? (this.recorded.has(reference) ? '1' : undefined);
    if (status === undefined)
      return [200, JSON.stringify({ status: 2, code: '300', message: 'bulunamadı', payload: null }), JSON_HEADERS];
    const body = fixture('get-request-withdraw-by-ext-id.response.json')
      .toString('utf8')
      .replace('"process_level_status":1', `"process_level_status":${status}`);
    return [200, body, JSON_HEADERS];
  }
}

export const sipayNockHarness: HarnessFactory<void> = {
  situations: SITUATIONS,
  create: async () => new SipayNockHarness(),
};
