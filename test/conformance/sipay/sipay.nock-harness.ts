import { randomUUID } from 'node:crypto';
import nock from 'nock';
import { isJsonObject, jsonIdText, parseJsonLossless } from '@libs/platform/json';
import { InMemoryTokenStore, type PayoutProvider, type RawRequest, type SubmitRequest } from '@libs/providers';
import { createSipayProvider } from '@libs/providers/sipay/sipay.module';
import {
  extendPathToken,
  HarnessFactory,
  NOCK_TIMEOUT_MS,
  NockHarness,
  NockReply,
  SITUATIONS,
} from '../../support/conformance';
import {
  captureLogger,
  fakeClock,
  FAST_RETRY_POLICY,
  isolatedMetrics,
  sentBodyText,
} from '../../support/providers/adapter-fakes';
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

const envelope = (code: string, message: string): NockReply => [
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
class SipayNockHarness extends NockHarness {
  // The send-money and lookup fixtures are two different transfers (request_id vs id).
  readonly idsMatchAcrossCalls = false;
  readonly provider: PayoutProvider;
  readonly statusCases = [
    { providerStatus: '0', expected: 'processing' },
    { providerStatus: '1', expected: 'succeeded' },
    { providerStatus: '2', expected: 'failed' },
    { providerStatus: '3', expected: 'failed' },
  ] as const;
  readonly forge = extendPathToken;
  private readonly settings = testSettings({ timeoutMs: NOCK_TIMEOUT_MS });

  constructor() {
    super(fixtureAttempt, {
      accepted: () => [200, fixture('send-money.response.json'), JSON_HEADERS],
      refused: envelope('306', 'Alıcı adı ile IBAN eşleşmiyor'),
      serverError: [500, 'Internal Server Error'],
      duplicate: envelope('301', 'Bu ext_transaction_id ile işlem mevcut'),
    });
    const clock = fakeClock();
    this.provider = createSipayProvider(this.settings, {
      tokenStore: new InMemoryTokenStore(clock.now),
      clock,
      retryPolicy: FAST_RETRY_POLICY,
      logger: captureLogger(),
      metrics: isolatedMetrics().metrics,
    });
    const answerSend = (reference: string) => this.answerCreate(reference);
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

  async arrangeStatus(providerStatus: string): Promise<SubmitRequest> {
    const attempt = fixtureAttempt({ reference: randomUUID() });
    this.statusOf.set(attempt.reference, providerStatus);
    return attempt;
  }

  private answerLookup(reference: string): NockReply {
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
