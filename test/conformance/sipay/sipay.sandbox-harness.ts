import { AddressRanges } from '@libs/platform/config';
import { jsonIdText } from '@libs/platform/json';
import {
  InMemoryTokenStore,
  type PayoutProvider,
  type RawRequest,
  type SubmitRequest,
  type TokenStore,
} from '@libs/providers';
import { createSipayProvider } from '@libs/providers/sipay/sipay.module';
import {
  CapturedWebhook,
  deliveredWebhooks,
  extendPathToken,
  HarnessFactory,
  SANDBOX_RETRY_POLICY,
  sandboxAttempt as kitSandboxAttempt,
  SandboxContext,
  SandboxHarness,
  ScenarioRow,
  webhookBody,
} from '../../support/conformance';
import { captureLogger, isolatedMetrics } from '../../support/providers/adapter-fakes';

// The Sipay sandbox never answers 429 (scenario 52 behaves as 00), so this run has no 429 check.
const SANDBOX_SITUATIONS = [
  'accepted',
  'timeout_after_accept',
  'server_error_once',
  'refused',
  'duplicate_webhooks',
] as const;
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
      fastMaxAmount: 10_000_000n,
    },
    {
      tokenStore: options.tokenStore ?? new InMemoryTokenStore(),
      retryPolicy: SANDBOX_RETRY_POLICY,
      logger: captureLogger(),
      metrics: isolatedMetrics().metrics,
    },
  );
}

export const sandboxAttempt = (row: ScenarioRow): SubmitRequest => kitSandboxAttempt(row, { description: 'payout' });

/** Sipay webhooks the sandbox delivered for one reference, optionally with one after_process_status, in order. */
export function sipayWebhooks(
  context: SandboxContext,
  reference: string,
  count: number,
  status?: string,
): Promise<RawRequest[]> {
  return deliveredWebhooks(context, count, (webhook: CapturedWebhook) => {
    const body = webhookBody(webhook);
    return (
      webhook.path.startsWith('/v1/webhooks/sipay/') &&
      jsonIdText(body?.ext_transaction_id) === reference &&
      (status === undefined || jsonIdText(body?.after_process_status) === status)
    );
  });
}

class SipaySandboxHarness extends SandboxHarness {
  readonly statusCases = [
    { providerStatus: '0', expected: 'processing' },
    { providerStatus: '1', expected: 'succeeded' },
    { providerStatus: '2', expected: 'failed' },
  ] as const;
  readonly forge = extendPathToken;

  constructor(context: SandboxContext) {
    super(context, sandboxSipay(context), {
      name: 'sipay',
      rows: {
        accepted: '00',
        timeout_after_accept: '41',
        server_error_once: '51',
        refused: '71',
        duplicate_webhooks: '81',
      },
      attempt: sandboxAttempt,
      isCreate: (request) => /SendMoneyToBankAccount\/?$/i.test(request.path),
    });
  }

  webhooks(attempt: SubmitRequest, _providerId: string, count: number): Promise<RawRequest[]> {
    return sipayWebhooks(this.context, attempt.reference, count);
  }

  async arrangeStatus(providerStatus: string): Promise<SubmitRequest> {
    const attempt = sandboxAttempt(STATUS_ROW[providerStatus as keyof typeof STATUS_ROW]);
    const outcome = await this.provider.submit(attempt);
    if (outcome.kind !== 'accepted') throw new Error(`status ${providerStatus} was not accepted: ${outcome.kind}`);
    if (providerStatus !== '0') await sipayWebhooks(this.context, attempt.reference, 1);
    return { ...attempt, providerId: outcome.providerId };
  }
}

export const sipaySandboxHarness: HarnessFactory<SandboxContext> = {
  situations: SANDBOX_SITUATIONS,
  create: async (context) => new SipaySandboxHarness(context),
};
