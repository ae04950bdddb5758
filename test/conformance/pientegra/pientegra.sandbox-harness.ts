import { isJsonObject } from '@libs/platform/json';
import { InMemoryRateBudget, type PayoutProvider, type RawRequest, type SubmitRequest } from '@libs/providers';
import { createPientegraProvider } from '@libs/providers/pientegra/pientegra.module';
import {
  arriveSixMinutesLate,
  CapturedWebhook,
  deliveredWebhooks,
  flipSignedBodyBit,
  HarnessFactory,
  SANDBOX_RETRY_POLICY,
  sandboxAttempt as kitSandboxAttempt,
  SandboxContext,
  SandboxHarness,
  ScenarioRow,
  SITUATIONS,
  webhookBody,
} from '../../support/conformance';
import { captureLogger, isolatedMetrics } from '../../support/providers/adapter-fakes';

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
      fastMaxAmount: 10_000_000n,
    },
    {
      budget: new InMemoryRateBudget(),
      retryPolicy: SANDBOX_RETRY_POLICY,
      logger: captureLogger(),
      metrics: isolatedMetrics().metrics,
    },
  );
}

export const sandboxAttempt = (row: ScenarioRow): SubmitRequest =>
  kitSandboxAttempt(row, { customer: { id: 'user-12345', label: 'Ahmet Y.' } });

/** Pientegra webhooks the sandbox delivered for one withdrawal, optionally of one event type, in arrival order. */
export function pientegraWebhooks(
  context: SandboxContext,
  providerId: string,
  count: number,
  eventType?: string,
): Promise<RawRequest[]> {
  return deliveredWebhooks(context, count, (webhook: CapturedWebhook) => {
    const body = webhookBody(webhook);
    const withdrawal = body && isJsonObject(body.withdrawal) ? body.withdrawal : undefined;
    return (
      webhook.path === '/v1/webhooks/pientegra' &&
      withdrawal?.withdrawalId === providerId &&
      (eventType === undefined || body?.eventType === eventType)
    );
  });
}

class PientegraSandboxHarness extends SandboxHarness {
  readonly statusCases = [
    { providerStatus: 'PENDING_REVIEW', expected: 'processing' },
    { providerStatus: 'SENT', expected: 'succeeded' },
    { providerStatus: 'REJECTED', expected: 'failed' },
    { providerStatus: 'RETURNED', expected: 'returned' },
  ] as const;
  readonly forge = flipSignedBodyBit;
  readonly stale = arriveSixMinutesLate;

  constructor(context: SandboxContext) {
    super(context, sandboxPientegra(context), {
      name: 'pientegra',
      rows: {
        accepted: '00',
        timeout_after_accept: '41',
        server_error_once: '51',
        rate_limited_once: '52',
        refused: '71',
        duplicate_webhooks: '81',
      },
      attempt: sandboxAttempt,
      isCreate: (request) => request.method === 'POST' && /\/external\/withdrawals\/?$/.test(request.path),
    });
  }

  webhooks(_attempt: SubmitRequest, providerId: string, count: number): Promise<RawRequest[]> {
    return pientegraWebhooks(this.context, providerId, count);
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
}

export const pientegraSandboxHarness: HarnessFactory<SandboxContext> = {
  situations: SITUATIONS,
  create: async (context) => new PientegraSandboxHarness(context),
};
