import { randomUUID } from 'node:crypto';
import type { PayoutProvider, RawRequest, RetryPolicy, SubmitRequest } from '@libs/providers';
import { isJsonObject, tryParseJsonLossless, type JsonObject } from '@libs/platform/json';
import type { ConformanceHarness, SandboxContext, Situation } from './conformance-harness';
import type { SandboxRequestRow } from './sandbox-control';
import { scenarioAmount, type ScenarioRow } from './sandbox-scenarios';
import type { CapturedWebhook } from './webhook-capture';

/** Quick retries against the local sandbox. */
export const SANDBOX_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 50,
  maxDelayMs: 200,
  maxRetryAfterMs: 5_000,
};

/** A fresh attempt whose amount selects the sandbox scenario `row`; `fields` adds what the provider's body needs. */
export const sandboxAttempt = (row: ScenarioRow, fields: Partial<SubmitRequest> = {}): SubmitRequest => ({
  payoutId: randomUUID(),
  attemptId: randomUUID(),
  reference: randomUUID(),
  amount: scenarioAmount(row),
  currency: 'TRY',
  beneficiary: { name: 'Ahmet Yılmaz', iban: 'TR320010009999901234567890', nationalId: '10000000146' },
  submittedAt: new Date(),
  ...fields,
});

/** A captured delivery's body as a JSON object, when it is one. */
export const webhookBody = (webhook: CapturedWebhook): JsonObject | undefined => {
  const parsed = tryParseJsonLossless(webhook.request.rawBody);
  return parsed.ok && isJsonObject(parsed.value) ? parsed.value : undefined;
};

/** The first `count` deliveries the sandbox made that `match`, as our ingest would hand them over. */
export const deliveredWebhooks = (
  context: SandboxContext,
  count: number,
  match: (webhook: CapturedWebhook) => boolean,
): Promise<RawRequest[]> =>
  context.webhooks.waitFor(count, match, context.settleMs).then((found) => found.map((w) => w.request));

/** What tells one provider's sandbox run apart: its name there, its scenario rows, and what a create looks like. */
export interface SandboxHarnessSpec {
  name: string;
  /** The scenario row that produces each situation the harness offers. */
  rows: Partial<Readonly<Record<Situation, ScenarioRow>>>;
  /** The attempt for a row, with the fields the provider's body needs. */
  attempt(row: ScenarioRow): SubmitRequest;
  isCreate(request: SandboxRequestRow): boolean;
}

/**
 * A provider as the running sandbox plays it (the amount's last two digits choose the scenario): the sandbox's
 * control API counts transfers and create requests, so only statuses, webhooks and forgery differ per provider.
 */
export abstract class SandboxHarness implements ConformanceHarness {
  readonly mode = 'sandbox';
  readonly idsMatchAcrossCalls = true;
  abstract readonly statusCases: ConformanceHarness['statusCases'];
  private readonly arrangedAt = new Map<string, Date>();

  protected constructor(
    protected readonly context: SandboxContext,
    readonly provider: PayoutProvider,
    private readonly spec: SandboxHarnessSpec,
  ) {}

  abstract webhooks(attempt: SubmitRequest, providerId: string, count: number): Promise<RawRequest[]>;
  abstract readonly forge: ConformanceHarness['forge'];
  abstract arrangeStatus(providerStatus: string): Promise<SubmitRequest>;

  async arrange(situation: Situation): Promise<SubmitRequest> {
    const attempt = this.spec.attempt(this.spec.rows[situation] ?? '00');
    this.arrangedAt.set(attempt.reference, new Date());
    return attempt;
  }

  async recordedTransfers(attempt: SubmitRequest): Promise<number> {
    return (await this.context.control.transfers(this.spec.name, attempt.reference)).length;
  }

  async createReferences(attempt: SubmitRequest): Promise<string[]> {
    const since = this.arrangedAt.get(attempt.reference) ?? new Date(0);
    const requests = await this.context.control.requests(this.spec.name, since);
    return requests.filter((r) => this.spec.isCreate(r)).map((r) => r.reference ?? '(no reference)');
  }

  webhookReference(attempt: SubmitRequest): string {
    return attempt.reference;
  }

  async close(): Promise<void> {}
}
