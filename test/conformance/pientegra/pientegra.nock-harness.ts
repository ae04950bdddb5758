import { randomUUID } from 'node:crypto';
import nock from 'nock';
import type { PayoutProvider, RawRequest, SubmitRequest } from '@libs/providers';
import { InMemoryRateBudget } from '@libs/providers';
import { createPientegraProvider } from '@libs/providers/pientegra/pientegra.module';
import {
  arriveSixMinutesLate,
  flipSignedBodyBit,
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
  sentHeaders,
} from '../../support/providers/adapter-fakes';
import {
  fixture,
  fixtureAttempt,
  testSettings,
  TEST_API_ORIGIN,
  TEST_API_PATH,
} from '../../support/providers/pientegra';

const CREATE = `${TEST_API_PATH}/external/withdrawals`;
const WITHDRAWAL_ID = '01927b3c-9c1f-7a3a-9c4f-8a3e1f8b1c00';
const JSON_HEADERS = { 'content-type': 'application/json' };

interface Vector {
  secret: string;
  headers: Record<string, string>;
  verifyAtUnixMs: number;
}
const vector = JSON.parse(fixture('webhook-withdrawal-sent.vector.json').toString('utf8')) as Vector;

const REFUSAL = JSON.stringify({
  error: {
    code: 'validation_failed',
    message: 'holder',
    details: [{ field: 'targetHolderName', message: 'does not match the IBAN' }],
  },
});

/**
 * Pientegra as nock answers it from the fixtures: a create replays the fixture answer for a known key (as the real
 * API does), each situation shapes the first answer per key, and the vector is the webhook.
 */
class PientegraNockHarness extends NockHarness {
  readonly idsMatchAcrossCalls = true;
  readonly provider: PayoutProvider;
  readonly statusCases = [
    { providerStatus: 'PENDING_REVIEW', expected: 'processing' },
    { providerStatus: 'APPROVED', expected: 'processing' },
    { providerStatus: 'SENT', expected: 'succeeded' },
    { providerStatus: 'REJECTED', expected: 'failed' },
    { providerStatus: 'RETURNED', expected: 'returned' },
  ] as const;
  readonly forge = flipSignedBodyBit;
  readonly stale = arriveSixMinutesLate;

  constructor() {
    super(fixtureAttempt, {
      accepted: () => [201, fixture('create-withdrawal.response.json'), JSON_HEADERS],
      refused: [422, REFUSAL, JSON_HEADERS],
      serverError: [503, ''],
    });
    const clock = fakeClock();
    this.provider = createPientegraProvider(
      testSettings({ timeoutMs: NOCK_TIMEOUT_MS, webhookSecrets: ['whsec_rotated_next', vector.secret] }),
      {
        budget: new InMemoryRateBudget(clock.now),
        clock,
        retryPolicy: FAST_RETRY_POLICY,
        logger: captureLogger(),
        metrics: isolatedMetrics().metrics,
      },
    );
    const answerCreate = (reference: string) => this.answerCreate(reference);
    const answerLookup = (providerId: string) => this.answerLookup(providerId);
    nock(TEST_API_ORIGIN)
      .persist()
      .post(CREATE)
      .reply(async function () {
        return answerCreate(sentHeaders(this)['idempotency-key']);
      })
      .get(new RegExp(`^${CREATE}/[^/]+$`))
      .reply((uri) => answerLookup(decodeURIComponent(uri.split('/').pop() ?? '')));
  }

  async webhooks(_attempt: SubmitRequest, _providerId: string, count: number): Promise<RawRequest[]> {
    return Array.from({ length: count }, () => ({
      headers: {
        'pientegra-signature': vector.headers['Pientegra-Signature'],
        'pientegra-event-id': vector.headers['Pientegra-Event-Id'],
      },
      rawBody: fixture('webhook-withdrawal-sent.body.json'),
      receivedAt: new Date(vector.verifyAtUnixMs),
    }));
  }

  webhookReference(attempt: SubmitRequest): string {
    return attempt.reference;
  }

  async arrangeStatus(providerStatus: string): Promise<SubmitRequest> {
    const providerId = `w-${providerStatus.toLowerCase()}`;
    this.statusOf.set(providerId, providerStatus);
    return fixtureAttempt({ reference: randomUUID(), providerId });
  }

  private answerLookup(providerId: string): NockReply {
    const status = providerId === WITHDRAWAL_ID ? 'PENDING_REVIEW' : this.statusOf.get(providerId);
    if (status === undefined) return [404, JSON.stringify({ error: { code: 'not_found' } }), JSON_HEADERS];
    const body = {
      withdrawalId: providerId,
      referenceNo: 'W-2026-0000123',
      externalUserId: 'user-12345',
      amount: '250000',
      currency: 'TRY',
      status,
    };
    return [200, JSON.stringify(body), JSON_HEADERS];
  }
}

export const pientegraNockHarness: HarnessFactory<void> = {
  situations: SITUATIONS,
  create: async () => new PientegraNockHarness(),
};
