import { isJsonObject, jsonIdText, jsonNumberText, jsonString, JsonValue } from '@libs/platform/json';
import { ruleFor } from '../contract/code-rule';
import type {
  ListedTransfer,
  LookupOutcome,
  MissedWebhooks,
  PayoutCoverage,
  PayoutProvider,
  ProviderCapabilities,
  RawAnswer,
  RawRequest,
  SubmitOutcome,
  SubmitRequest,
  TransferListingOutcome,
  TransferListingQuery,
  UncertainReason,
  WebhookParseResult,
  WebhookVerification,
} from '../contract/payout-provider';
import type { ProviderCallResult } from '../contract/provider-call';
import type { TextRedactor } from '../contract/provider-logger';
import {
  listedStatusOf,
  normalizedFailure,
  providerSignal,
  providerTime,
  signalRuleFor,
} from '../contract/provider-signal';
import {
  AMOUNT_BOUNDS,
  IBAN_COUNTRIES,
  IDEMPOTENCY_CONFLICT_CODE,
  IDEMPOTENCY_KEY_RETENTION_MS,
  railsUpTo,
  readPientegraError,
  UNKNOWN_WITHDRAWAL_STATUS,
  VALIDATION_FIELD_FAILURES,
} from './pientegra.assumptions';
import { PientegraClient, PientegraCreateWithdrawal } from './pientegra.client';
import { PIENTEGRA_CODES, pientegraCodeKey } from './pientegra.codes';
import { PientegraMissedWebhooks } from './pientegra.missed-webhooks';
import { verifyPientegraSignature } from './pientegra.signature';
import { PIENTEGRA_STATUSES } from './pientegra.statuses';
import { parsePientegraWebhook } from './pientegra.webhook';

const MINUTE = 60_000;

/** Why a call that got no usable answer is uncertain. */
function uncertainReason(call: ProviderCallResult): UncertainReason {
  const { answer } = call;
  if (call.rateLimited) return 'rate_limited';
  if (answer === undefined || answer.kind === 'no_response')
    return answer?.failure === 'timeout' ? 'timeout' : 'connection_error';
  if (answer.status === 429) return 'rate_limited';
  if (answer.status >= 500) return 'server_error';
  return 'unknown_code';
}

/** Field names a `details` list mentions, whether written as objects (`{ field }`) or as strings. */
function detailFields(details: unknown): string[] {
  if (!Array.isArray(details)) return [];
  return (details as JsonValue[]).flatMap((item) => {
    if (typeof item === 'string') return Object.keys(VALIDATION_FIELD_FAILURES).filter((f) => item.includes(f));
    if (!isJsonObject(item)) return [];
    return [item.field, item.path, item.param].filter((v): v is string => typeof v === 'string');
  });
}

export interface PientegraAdapterOptions {
  client: PientegraClient;
  /** Scrubs provider-written text, our own API key and webhook secrets included. */
  redact: TextRedactor;
  webhookSecrets: readonly string[];
  requestsPerMinute: number;
  /** FAST_MAX_AMOUNT: the central bank's FAST cap in minor units. */
  fastMaxAmount: bigint;
  now: () => number;
}

/** What Pientegra can pay (pientegra.md); routing and payout intake read it from the capabilities. */
export const PIENTEGRA_COVERAGE: PayoutCoverage = {
  currencies: ['TRY'], // [V] "Currency TRY only"
  ibanCountries: IBAN_COUNTRIES, // [A]
  minAmount: AMOUNT_BOUNDS.min, // [A, from deposits]
  maxAmount: AMOUNT_BOUNDS.max, // [A, from deposits]
  requiresNationalId: false, // [V] the create request has no national id field
};

/** Pientegra behind the PayoutProvider contract: mapping only; HTTP, retries and the budget are in the client. */
export class PientegraAdapter implements PayoutProvider {
  readonly name = 'pientegra';
  readonly capabilities: ProviderCapabilities;
  readonly missedWebhooks: MissedWebhooks;

  constructor(private readonly options: PientegraAdapterOptions) {
    this.capabilities = {
      ...PIENTEGRA_COVERAGE,
      rails: railsUpTo(options.fastMaxAmount), // [A]
      requestsPerMinute: options.requestsPerMinute,
      // Operator review is normal and webhooks are primary: poll rarely.
      processingPollSchedule: { stepsMs: [15 * MINUTE], thenEveryMs: 60 * MINUTE },
      confirmsWebhooksByLookup: false,
      idempotencyRetentionMs: IDEMPOTENCY_KEY_RETENTION_MS,
    };
    this.missedWebhooks = new PientegraMissedWebhooks(options.client);
  }

  async submit(attempt: SubmitRequest): Promise<SubmitOutcome> {
    const call = await this.options.client.createWithdrawal(
      attempt.reference,
      this.createBody(attempt),
      attempt.beforeFirstSend,
    );
    return this.createOutcome(call);
  }

  async lookup(attempt: SubmitRequest): Promise<LookupOutcome> {
    if (attempt.providerId !== undefined) return this.lookupById(attempt.providerId);
    const age = attempt.submittedAt ? this.options.now() - attempt.submittedAt.getTime() : 0;
    if (age > IDEMPOTENCY_KEY_RETENTION_MS) {
      return { kind: 'unavailable', reason: 'idempotency_key_expired', raw: { body: '', requestCount: 0 } };
    }
    // Without a withdrawalId the only lookup by our reference is the identical create under the same key: it replays
    // the original answer, or creates the withdrawal exactly once (pientegra.md, "Ambiguous create").
    const replay = await this.submit(attempt);
    switch (replay.kind) {
      case 'accepted': {
        const current = await this.lookupById(replay.providerId);
        if (current.kind !== 'found')
          return { kind: 'found', providerId: replay.providerId, signal: replay.signal, raw: replay.raw };
        return {
          ...current,
          raw: { ...current.raw, requestCount: current.raw.requestCount + replay.raw.requestCount },
        };
      }
      case 'not_executed':
        return { kind: 'not_found', provesNotExecuted: true, failure: replay.failure, raw: replay.raw };
      case 'ambiguous':
        return { kind: 'unavailable', reason: replay.reason, detail: replay.detail, raw: replay.raw };
    }
  }

  async listTransfers(query: TransferListingQuery): Promise<TransferListingOutcome> {
    const call = await this.options.client.listWithdrawals(query.from, query.to, query.cursor);
    const { answer, raw } = call;
    if (call.rateLimited || answer?.kind !== 'response')
      return { kind: 'unavailable', reason: uncertainReason(call), raw };
    if (answer.status === 401 || answer.status === 403) return { kind: 'unavailable', reason: 'unauthorized', raw };
    if (answer.status < 200 || answer.status >= 300)
      return { kind: 'unavailable', reason: uncertainReason(call), detail: `HTTP ${answer.status}`, raw };
    const body = call.json?.ok ? call.json.value : undefined;
    if (!isJsonObject(body) || !Array.isArray(body.data)) {
      return { kind: 'unavailable', reason: 'unparseable_response', detail: 'no data list', raw };
    }
    const nextCursor = body.nextCursor === null || body.nextCursor === undefined ? null : jsonIdText(body.nextCursor);
    if (nextCursor === undefined)
      return { kind: 'unavailable', reason: 'unparseable_response', detail: 'nextCursor', raw };
    return { kind: 'page', items: body.data.map(listedWithdrawal), nextCursor, raw };
  }

  async verifyWebhook(request: RawRequest): Promise<WebhookVerification> {
    return verifyPientegraSignature(request, this.options.webhookSecrets);
  }

  async parseWebhook(request: RawRequest, body?: JsonValue): Promise<WebhookParseResult> {
    return parsePientegraWebhook(request, this.options.redact, body);
  }

  private createBody(attempt: SubmitRequest): PientegraCreateWithdrawal {
    return {
      // Pientegra wants "the user" behind a withdrawal; a payout without a customer stands for itself.
      externalUserId: attempt.customer?.id ?? attempt.payoutId,
      externalUserLabel: attempt.customer?.label,
      amount: attempt.amount.toString(),
      currency: attempt.currency,
      targetIban: attempt.beneficiary.iban,
      targetHolderName: attempt.beneficiary.name,
    };
  }

  private createOutcome(call: ProviderCallResult): SubmitOutcome {
    const { answer, raw } = call;
    if (call.notSent) return { kind: 'ambiguous', reason: call.notSent, raw };
    if (call.rateLimited || answer?.kind !== 'response' || answer.status === 429 || answer.status >= 500) {
      return { kind: 'ambiguous', reason: uncertainReason(call), raw };
    }
    if (answer.status >= 200 && answer.status < 300) {
      const body = call.json?.ok ? call.json.value : undefined;
      const providerId = isJsonObject(body) ? jsonIdText(body.withdrawalId) : undefined;
      if (providerId === undefined) return { kind: 'ambiguous', reason: 'unparseable_response', raw };
      return { kind: 'accepted', providerId, signal: { status: 'processing', providerStatus: 'created' }, raw };
    }
    return this.refusalOutcome(call, answer.status, raw);
  }

  private refusalOutcome(call: ProviderCallResult, httpStatus: number, raw: RawAnswer): SubmitOutcome {
    const error = readPientegraError(call.json?.ok ? call.json.value : undefined);
    const key = pientegraCodeKey(error.code, httpStatus);
    const rule = ruleFor(PIENTEGRA_CODES, key);
    if (rule.outcome !== 'not_executed') {
      const reason: UncertainReason = key === IDEMPOTENCY_CONFLICT_CODE ? 'idempotency_conflict' : 'unknown_code';
      return { kind: 'ambiguous', reason, detail: `HTTP ${httpStatus} ${key}`, raw };
    }
    // A refusal after a try we never heard back from proves nothing about that earlier try.
    if (call.hadUnknownTry) return { kind: 'ambiguous', reason: 'refused_after_unknown_try', detail: key, raw };
    const byField = detailFields(error.details)
      .map((field) => VALIDATION_FIELD_FAILURES[field])
      .find((code) => code !== undefined);
    const code = key === 'validation_failed' && byField !== undefined ? byField : rule.failure;
    return {
      kind: 'not_executed',
      failure: normalizedFailure(code, key, error.message, this.options.redact),
      failoverAllowed: rule.failoverAllowed,
      raw,
    };
  }

  private async lookupById(withdrawalId: string): Promise<LookupOutcome> {
    const call = await this.options.client.getWithdrawal(withdrawalId);
    const { answer, raw } = call;
    if (call.rateLimited || answer?.kind !== 'response')
      return { kind: 'unavailable', reason: uncertainReason(call), raw };
    if (answer.status === UNKNOWN_WITHDRAWAL_STATUS) return { kind: 'not_found', provesNotExecuted: false, raw };
    if (answer.status === 401 || answer.status === 403) return { kind: 'unavailable', reason: 'unauthorized', raw };
    if (answer.status < 200 || answer.status >= 300) return { kind: 'unavailable', reason: uncertainReason(call), raw };
    if (!call.json?.ok) return { kind: 'unparseable', reason: call.json?.reason ?? 'no body', raw };
    const body = call.json.value;
    if (!isJsonObject(body)) return { kind: 'unparseable', reason: 'body is not a JSON object', raw };
    const status = jsonString(body.status);
    const rule = status === undefined ? undefined : signalRuleFor(PIENTEGRA_STATUSES, status);
    if (status === undefined || rule === undefined)
      return { kind: 'unparseable', reason: `unknown status ${status ?? '(none)'}`, raw };
    const signal = providerSignal(rule, status, {
      occurredAt: providerTime(body.updatedAt),
      providerMessage: jsonString(body.rejectedReason),
      redact: this.options.redact,
    });
    return { kind: 'found', providerId: jsonIdText(body.withdrawalId) ?? withdrawalId, signal, raw };
  }
}

/** One listing row (`{ withdrawalId, amount, currency, status, createdAt, ... }` [V listing, A row = lookup]). */
function listedWithdrawal(row: JsonValue): ListedTransfer {
  if (!isJsonObject(row)) return { status: 'unknown', problem: 'row is not a JSON object' };
  const problems: string[] = [];
  const providerId = jsonIdText(row.withdrawalId);
  if (providerId === undefined) problems.push('withdrawalId missing');
  const amountText = jsonString(row.amount) ?? jsonNumberText(row.amount);
  const amount = amountText !== undefined && /^\d{1,19}$/.test(amountText) ? BigInt(amountText) : undefined;
  if (amount === undefined) problems.push('amount unreadable');
  const providerStatus = jsonString(row.status);
  const status = listedStatusOf(signalRuleFor(PIENTEGRA_STATUSES, providerStatus));
  if (status === 'unknown') problems.push(`unknown status ${providerStatus ?? '(none)'}`);
  const createdAt = providerTime(row.createdAt);
  if (createdAt === undefined) problems.push('createdAt unreadable');
  return {
    ...(providerId !== undefined ? { providerId } : {}),
    ...(amount !== undefined ? { amount } : {}),
    ...(jsonString(row.currency) !== undefined ? { currency: jsonString(row.currency) } : {}),
    status,
    ...(providerStatus !== undefined ? { providerStatus } : {}),
    ...(createdAt !== undefined ? { createdAt } : {}),
    ...(problems.length > 0 ? { problem: problems.join('; ') } : {}),
  };
}
