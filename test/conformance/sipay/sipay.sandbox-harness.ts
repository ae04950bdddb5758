import { AddressRanges } from '@libs/platform/config';
import { isJsonObject, jsonIdText, tryParseJsonLossless } from '@libs/platform/json';
import { randomUUID } from 'node:crypto';
import type {
  ConformanceHarness,
  HarnessFactory,
  SandboxContext,
  Situation,
} from '../../support/conformance/conformance-harness';
import { scenarioAmount, ScenarioRow } from '../../support/conformance/sandbox-scenarios';
import { captureLogger, isolatedMetrics } from '../../support/providers/adapter-fakes';
import type { CapturedWebhook } from '../../support/conformance/webhook-capture';
import type { PayoutProvider, RawRequest, SubmitRequest } from '@libs/providers/contract/payout-provider';
import type { RetryPolicy } from '@libs/providers/contract/retry-policy';
import { InMemoryTokenStore, TokenStore } from '@libs/providers/contract/token-store';
import { createSipayProvider } from '@libs/providers/sipay/sipay.module';

const RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 50, maxDelayMs: 200, maxRetryAfterMs: 5_000 };
// The Sipay sandbox never answers 429 (scenario 52 behaves as 00), so this run has no 429 check.
const SANDBOX_SITUATIONS = [
  'accepted',
  'timeout_after_accept',
  'server_error_once',
  'refused',
  'duplicate_webhooks',
] as const;
const ROW: Readonly<Record<(typeof SANDBOX_SITUATIONS)[number], ScenarioRow>> = {
  accepted: '00',
  timeout_after_accept: '41',
  server_error_once: '51',
  refused: '71',
  duplicate_webhooks: '81',
};
const STATUS_ROW = { '0': '13', '1': '00', '2': '21' } as const;

/** The adapter pointed at the running sandbox. */
export function sandboxSipay(
  context: SandboxContext,
  options: { tokenStore?: TokenStore; consistencyWindowMs?: number } = {},
): PayoutProvider {
  const { credentials } = context;
  const base = `${context.baseUrl}/sipay`;
  return createSipayProvider(
    {
      enabled: true,
      usesSandbox: true,
      apiBase: base,
      tokenUrl: `${base}/connect/token`,
      clientId: credentials.sipayClientId,
      clientSecret: credentials.sipayClientSecret,
      scope: 'sts_business_api',
      clientKey: 'sandbox-client-key',
      senderAccountNumber: '123456789',
      senderWalletNumber: '123456789',
      webhookToken: credentials.sipayWebhookToken,
      webhookAllowedIps: new AddressRanges(['127.0.0.1']),
      webhookWindowMs: 10 * 60_000,
      consistencyWindowMs: options.consistencyWindowMs ?? 30 * 60_000,
      timeoutMs: context.adapterTimeoutMs,
    },
    {
      tokenStore: options.tokenStore ?? new InMemoryTokenStore(),
      retryPolicy: RETRY_POLICY,
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
  description: 'payout',
  submittedAt: new Date(),
});

const webhookFields = (webhook: CapturedWebhook) => {
  const parsed = tryParseJsonLossless(webhook.request.rawBody);
  const body = parsed.ok && isJsonObject(parsed.value) ? parsed.value : undefined;
  return { reference: jsonIdText(body?.ext_transaction_id), status: jsonIdText(body?.after_process_status) };
};

/** Sipay webhooks the sandbox delivered for one reference, optionally with one after_process_status, in order. */
export function sipayWebhooks(
  context: SandboxContext,
  reference: string,
  count: number,
  status?: string,
): Promise<RawRequest[]> {
  const match = (webhook: CapturedWebhook) => {
    const fields = webhookFields(webhook);
    return (
      webhook.path.startsWith('/v1/webhooks/sipay/') &&
      fields.reference === reference &&
      (status === undefined || fields.status === status)
    );
  };
  return context.webhooks.waitFor(count, match, context.settleMs).then((found) => found.map((w) => w.request));
}

/** Sipay as the running sandbox plays it: the amount's last two digits choose the scenario. */
class SipaySandboxHarness implements ConformanceHarness {
  readonly mode = 'sandbox';
  readonly idsMatchAcrossCalls = true;
  readonly provider: PayoutProvider;
  readonly statusCases = [
    { providerStatus: '0', expected: 'processing' },
    { providerStatus: '1', expected: 'succeeded' },
    { providerStatus: '2', expected: 'failed' },
  ] as const;
  private readonly arrangedAt = new Map<string, Date>();

  constructor(private readonly context: SandboxContext) {
    this.provider = sandboxSipay(context);
  }

  async arrange(situation: Situation): Promise<SubmitRequest> {
    const row = ROW[situation as (typeof SANDBOX_SITUATIONS)[number]] ?? '00';
    const attempt = sandboxAttempt(row);
    this.arrangedAt.set(attempt.reference, new Date());
    return attempt;
  }

  async recordedTransfers(attempt: SubmitRequest): Promise<number> {
    return (await this.context.control.transfers('sipay', attempt.reference)).length;
  }

  async createReferences(attempt: SubmitRequest): Promise<string[]> {
    const since = this.arrangedAt.get(attempt.reference) ?? new Date(0);
    const requests = await this.context.control.requests('sipay', since);
    return requests.filter((r) => /SendMoneyToBankAccount\/?$/i.test(r.path)).map((r) => r.reference ?? '(none)');
  }

  webhooks(attempt: SubmitRequest, _providerId: string, count: number): Promise<RawRequest[]> {
    return sipayWebhooks(this.context, attempt.reference, count);
  }

  webhookReference(attempt: SubmitRequest): string {
    return attempt.reference;
  }

  forge(request: RawRequest) {
    return { request: { ...request, pathToken: `${request.pathToken ?? ''}x` }, expected: 'bad_token' as const };
  }

  async arrangeStatus(providerStatus: string): Promise<SubmitRequest> {
    const attempt = sandboxAttempt(STATUS_ROW[providerStatus as keyof typeof STATUS_ROW]);
    const outcome = await this.provider.submit(attempt);
    if (outcome.kind !== 'accepted') throw new Error(`status ${providerStatus} was not accepted: ${outcome.kind}`);
    if (providerStatus !== '0') await sipayWebhooks(this.context, attempt.reference, 1);
    return { ...attempt, providerId: outcome.providerId };
  }

  async close(): Promise<void> {}
}

export const sipaySandboxHarness: HarnessFactory<SandboxContext> = {
  situations: SANDBOX_SITUATIONS,
  create: async (context) => new SipaySandboxHarness(context),
};
