import { randomUUID } from 'node:crypto';
import nock from 'nock';
import type { ConformanceHarness, HarnessFactory, Situation } from '../../support/conformance/conformance-harness';
import { SITUATIONS } from '../../support/conformance/conformance-harness';
import { sleep } from '../../support/conformance/sandbox-scenarios';
import {
  fakeClock,
  FAST_RETRY_POLICY,
  captureLogger,
  isolatedMetrics,
  sentHeaders,
} from '../../support/providers/adapter-fakes';
import type { PayoutProvider, RawRequest, SubmitRequest } from '@libs/providers/contract/payout-provider';
import { InMemoryRateBudget } from '@libs/providers/contract/rate-budget';
import { createPientegraProvider } from '@libs/providers/pientegra/pientegra.module';
import {
  fixture,
  fixtureAttempt,
  testSettings,
  TEST_API_ORIGIN,
  TEST_API_PATH,
} from '../../support/providers/pientegra';

const TIMEOUT_MS = 100;
const CREATE = `${TEST_API_PATH}/external/withdrawals`;
const WITHDRAWAL_ID = '01927b3c-9c1f-7a3a-9c4f-8a3e1f8b1c00';
const JSON_HEADERS = { 'content-type': 'application/json' };

interface Vector {
  secret: string;
  headers: Record<string, string>;
  verifyAtUnixMs: number;
}
const vector = JSON.parse(fixture('webhook-withdrawal-sent.vector.json').toString('utf8')) as Vector;

type Reply = [number, string | Buffer, Record<string, string>?];

/**
 * Pientegra as nock answers it from the fixtures: a create replays the fixture answer for a known key (as the real
 * API does), each situation shapes the first answer per key, and the vector is the webhook.
 */
class PientegraNockHarness implements ConformanceHarness {
  readonly mode = 'nock';
  readonly idsMatchAcrossCalls = true;
  readonly provider: PayoutProvider;
  readonly statusCases = [
    { providerStatus: 'PENDING_REVIEW', expected: 'processing' },
    { providerStatus: 'APPROVED', expected: 'processing' },
    { providerStatus: 'SENT', expected: 'succeeded' },
    { providerStatus: 'REJECTED', expected: 'failed' },
    { providerStatus: 'RETURNED', expected: 'returned' },
  ] as const;
  private readonly situationOf = new Map<string, Situation>();
  private readonly creates: string[] = [];
  private readonly recorded = new Set<string>();
  private readonly statusOf = new Map<string, string>();

  constructor() {
    const clock = fakeClock();
    this.provider = createPientegraProvider(
      testSettings({ timeoutMs: TIMEOUT_MS, webhookSecrets: ['whsec_rotated_next', vector.secret] }),
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

  async arrange(situation: Situation): Promise<SubmitRequest> {
    const attempt = fixtureAttempt({ reference: randomUUID(), attemptId: randomUUID() });
    this.situationOf.set(attempt.reference, situation);
    return attempt;
  }

  async recordedTransfers(attempt: SubmitRequest): Promise<number> {
    return this.recorded.has(attempt.reference) ? 1 : 0;
  }

  /** One harness serves one check, so every create it saw belongs to that check. */
  async createReferences(): Promise<string[]> {
    return [...this.creates];
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

  forge(request: RawRequest) {
    const rawBody = Buffer.from(request.rawBody);
    rawBody[rawBody.length - 3] ^= 0x01;
    return { request: { ...request, rawBody }, expected: 'bad_signature' as const };
  }

  stale(request: RawRequest): RawRequest {
    return { ...request, receivedAt: new Date(request.receivedAt.getTime() + 6 * 60_000) };
  }

  async arrangeStatus(providerStatus: string): Promise<SubmitRequest> {
    const providerId = `w-${providerStatus.toLowerCase()}`;
    this.statusOf.set(providerId, providerStatus);
    return fixtureAttempt({ reference: randomUUID(), providerId });
  }

  async close(): Promise<void> {
    nock.cleanAll();
  }

  private async answerCreate(reference: string): Promise<Reply> {
    this.creates.push(reference);
    const accepted: Reply = [201, fixture('create-withdrawal.response.json'), JSON_HEADERS];
    const situation = this.situationOf.get(reference);
    const first = this.creates.filter((r) => r === reference).length === 1;
    if (situation === 'refused') {
      return [
        422,
        JSON.stringify({
          error: {
            code: 'validation_failed',
            message: 'holder',
            details: [{ field: 'targetHolderName', message: 'does not match the IBAN' }],
          },
        }),
        JSON_HEADERS,
      ];
    }
    if (first && situation === 'server_error_once') return [503, ''];
    if (first && situation === 'rate_limited_once') return [429, '', { 'retry-after': '1' }];
    this.recorded.add(reference);
    if (first && situation === 'timeout_after_accept') await sleep(TIMEOUT_MS * 3);
    return accepted;
  }

  private answerLookup(providerId: string): Reply {
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
