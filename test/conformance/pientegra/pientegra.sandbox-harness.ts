import { isJsonObject, tryParseJsonLossless } from '@libs/platform/json';
import { randomUUID } from 'node:crypto';
import type {
  ConformanceHarness,
  HarnessFactory,
  SandboxContext,
  Situation,
} from '../../support/conformance/conformance-harness';
import { SITUATIONS } from '../../support/conformance/conformance-harness';
import { scenarioAmount, ScenarioRow } from '../../support/conformance/sandbox-scenarios';
import { captureLogger, isolatedMetrics } from '../../support/providers/adapter-fakes';
import type { CapturedWebhook } from '../../support/conformance/webhook-capture';
import type { PayoutProvider, RawRequest, SubmitRequest } from '@libs/providers/contract/payout-provider';
import { InMemoryRateBudget } from '@libs/providers/contract/rate-budget';
import type { RetryPolicy } from '@libs/providers/contract/retry-policy';
import { createPientegraProvider } from '@libs/providers/pientegra/pientegra.module';

export const SANDBOX_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 50,
  maxDelayMs: 200,
  maxRetryAfterMs: 5_000,
};
const ROW: Readonly<Record<Situation, ScenarioRow>> = {
  accepted: '00',
  timeout_after_accept: '41',
  server_error_once: '51',
  rate_limited_once: '52',
  refused: '71',
  duplicate_webhooks: '81',
};
const STATUS_ROW = { PENDING_REVIEW: '13', SENT: '00', REJECTED: '21', RETURNED: '61' } as const;
const STATUS_EVENT = {
  SENT: 'withdrawal.sent',
  REJECTED: 'withdrawal.rejected',
  RETURNED: 'withdrawal.returned',
} as const;

/** The adapter pointed at the running sandbox; the rotated secret list puts the sandbox's signing secret second. */
export function sandboxPientegra(context: SandboxContext): PayoutProvider {
  const { credentials } = context;
  return createPientegraProvider(
    {
      enabled: true,
      usesSandbox: true,
      apiBase: `${context.baseUrl}/pientegra/api/v1`,
      apiKey: credentials.pientegraApiKey,
      webhookSecrets: [...credentials.pientegraWebhookSecrets].reverse(),
      requestsPerMinute: 10_000,
      timeoutMs: context.adapterTimeoutMs,
    },
    {
      budget: new InMemoryRateBudget(),
      retryPolicy: SANDBOX_RETRY_POLICY,
      logger: captureLogger(),
      metrics: isolatedMetrics().metrics,
    },
  );
}

export const sandboxAttempt = (row: ScenarioRow): SubmitRequest => ({
  payoutId: randomUUID(),
  attemptId: randomUUID(),
  reference: randomUUID(),
  amount: scenarioAmount(row),
  currency: 'TRY',
  beneficiary: { name: 'Ahmet Yılmaz', iban: 'TR320010009999901234567890', nationalId: '10000000146' },
  customer: { id: 'user-12345', label: 'Ahmet Y.' },
  submittedAt: new Date(),
});

const bodyOf = (webhook: CapturedWebhook) => {
  const parsed = tryParseJsonLossless(webhook.request.rawBody);
  return parsed.ok && isJsonObject(parsed.value) ? parsed.value : undefined;
};

/** Pientegra webhooks the sandbox delivered for one withdrawal, optionally of one event type, in arrival order. */
export function pientegraWebhooks(
  context: SandboxContext,
  providerId: string,
  count: number,
  eventType?: string,
): Promise<RawRequest[]> {
  const match = (webhook: CapturedWebhook) => {
    const body = bodyOf(webhook);
    const withdrawal = body && isJsonObject(body.withdrawal) ? body.withdrawal : undefined;
    return (
      webhook.path === '/v1/webhooks/pientegra' &&
      withdrawal?.withdrawalId === providerId &&
      (eventType === undefined || body?.eventType === eventType)
    );
  };
  return context.webhooks.waitFor(count, match, context.settleMs).then((found) => found.map((w) => w.request));
}

/** Pientegra as the running sandbox plays it: the amount's last two digits choose the scenario. */
class PientegraSandboxHarness implements ConformanceHarness {
  readonly mode = 'sandbox';
  readonly idsMatchAcrossCalls = true;
  readonly provider: PayoutProvider;
  readonly statusCases = [
    { providerStatus: 'PENDING_REVIEW', expected: 'processing' },
    { providerStatus: 'SENT', expected: 'succeeded' },
    { providerStatus: 'REJECTED', expected: 'failed' },
    { providerStatus: 'RETURNED', expected: 'returned' },
  ] as const;
  private readonly arrangedAt = new Map<string, Date>();

  constructor(private readonly context: SandboxContext) {
    this.provider = sandboxPientegra(context);
  }

  async arrange(situation: Situation): Promise<SubmitRequest> {
    const attempt = sandboxAttempt(ROW[situation]);
    this.arrangedAt.set(attempt.reference, new Date());
    return attempt;
  }

  async recordedTransfers(attempt: SubmitRequest): Promise<number> {
    return (await this.context.control.transfers('pientegra', attempt.reference)).length;
  }

  async createReferences(attempt: SubmitRequest): Promise<string[]> {
    const since = this.arrangedAt.get(attempt.reference) ?? new Date(0);
    const requests = await this.context.control.requests('pientegra', since);
    return requests
      .filter((r) => r.method === 'POST' && /\/external\/withdrawals\/?$/.test(r.path))
      .map((r) => r.reference ?? '(no key)');
  }

  webhooks(_attempt: SubmitRequest, providerId: string, count: number): Promise<RawRequest[]> {
    return pientegraWebhooks(this.context, providerId, count);
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
    const row = STATUS_ROW[providerStatus as keyof typeof STATUS_ROW];
    const attempt = sandboxAttempt(row);
    const outcome = await this.provider.submit(attempt);
    if (outcome.kind !== 'accepted') throw new Error(`scenario ${row} was not accepted: ${outcome.kind}`);
    const event = STATUS_EVENT[providerStatus as keyof typeof STATUS_EVENT];
    if (event !== undefined) await pientegraWebhooks(this.context, outcome.providerId, 1, event);
    return { ...attempt, providerId: outcome.providerId };
  }

  async close(): Promise<void> {}
}

export const pientegraSandboxHarness: HarnessFactory<SandboxContext> = {
  situations: SITUATIONS,
  create: async (context) => new PientegraSandboxHarness(context),
};
