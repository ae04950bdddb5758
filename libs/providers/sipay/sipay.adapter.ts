import { jsonIdText, jsonNumber, jsonNumberText, jsonString, isJsonObject, type JsonValue } from '@libs/platform/json';
import { ruleFor } from '../contract/code-rule';
import type {
  BalanceReadOutcome,
  ListedTransfer,
  LookupOutcome,
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
import type { TextRedactor } from '../contract/provider-logger';
import {
  listedStatusOf,
  normalizedFailure,
  providerSignal,
  providerTime,
  signalRuleFor,
} from '../contract/provider-signal';
import { minorToSipayAmount, sipayAmountToMinorOrThrow } from './sipay.amount';
import { sipayBalanceReport } from './sipay.balance';
import {
  AMOUNT_BOUNDS,
  LOOKUP_NOT_FOUND_CODE,
  LOOKUPS_AFTER_UNCLEAR_SEND,
  listingPage,
  listingRequest,
  lookupRecord,
  PROVIDER_ID_FIELDS,
  railsUpTo,
} from './sipay.assumptions';
import { SipayCallResult, SipayClient, SipaySendMoney } from './sipay.client';
import { SIPAY_CODES } from './sipay.codes';
import type { SipaySettings } from './sipay.config';
import { SIPAY_PROCESS_LEVEL_STATUSES } from './sipay.statuses';
import { parseSipayWebhook, verifySipayWebhook } from './sipay.webhook';

const MINUTE = 60_000;
const NOTHING_SENT: RawAnswer = { body: '', requestCount: 0 };

export interface SipayAdapterOptions extends Pick<
  SipaySettings,
  | 'senderAccountNumber'
  | 'senderWalletNumber'
  | 'webhookToken'
  | 'webhookAllowedIps'
  | 'webhookWindowMs'
  | 'consistencyWindowMs'
  | 'fastMaxAmount'
> {
  client: SipayClient;
  /** Scrubs provider-written text, our own client secret and webhook token included. */
  redact: TextRedactor;
  now: () => number;
}

/** Why a call without a usable envelope is uncertain. */
function uncertainReason(call: SipayCallResult): UncertainReason {
  if (call.tokenFailure !== undefined) return call.tokenFailure;
  const { answer } = call;
  if (call.rateLimited || (answer?.kind === 'response' && answer.status === 429)) return 'rate_limited';
  if (answer === undefined || answer.kind === 'no_response')
    return answer?.failure === 'timeout' ? 'timeout' : 'connection_error';
  if (answer.status === 401) return 'unauthorized';
  if (answer.status >= 500) return 'server_error';
  return 'unparseable_response';
}

/** Still 401 after the one token refresh: whatever envelope came with it, the request was not processed as ours. */
const isUnauthorized = (call: SipayCallResult): boolean =>
  call.tokenFailure === undefined && call.answer?.kind === 'response' && call.answer.status === 401;

const AMBIGUOUS_CODE_REASON: Readonly<Record<string, UncertainReason>> = {
  '301': 'duplicate_reference',
  '312': 'already_processed',
};

/** What Sipay can pay (sipay.md); routing and payout intake read it from the capabilities. */
export const SIPAY_COVERAGE: PayoutCoverage = {
  currencies: ['TRY'], // [V] currency_code "TRY"
  ibanCountries: ['TR'], // [V] "Turkish IBANs only"
  minAmount: AMOUNT_BOUNDS.min, // [A]
  maxAmount: AMOUNT_BOUNDS.max, // [A]
  requiresNationalId: true, // [V] the name and national id / tax number must match the bank's records
};

/** Sipay behind the PayoutProvider contract: mapping only; HTTP, the token and retries are in the client. */
export class SipayAdapter implements PayoutProvider {
  readonly name = 'sipay';
  readonly capabilities: ProviderCapabilities;

  constructor(private readonly options: SipayAdapterOptions) {
    this.capabilities = {
      ...SIPAY_COVERAGE,
      rails: railsUpTo(options.fastMaxAmount), // [A]
      processingPollSchedule: { stepsMs: [2 * MINUTE, 10 * MINUTE, 30 * MINUTE], thenEveryMs: 60 * MINUTE },
      confirmsWebhooksByLookup: true,
      manualReviewAfterMs: options.webhookWindowMs,
      consistencyWindowMs: options.consistencyWindowMs,
    };
  }

  async submit(attempt: SubmitRequest): Promise<SubmitOutcome> {
    const nationalId = attempt.beneficiary.nationalId;
    if (!nationalId) {
      // The bank matches name and national id: without one Sipay cannot take the payout, another provider may.
      const failure = normalizedFailure('invalid_beneficiary', 'national_id_required');
      return { kind: 'not_executed', failure, failoverAllowed: true, raw: NOTHING_SENT };
    }
    const call = await this.options.client.sendMoney(this.sendMoneyBody(attempt, nationalId), attempt.beforeFirstSend);
    if (call.tokenFailure === undefined && call.notSent)
      return { kind: 'ambiguous', reason: call.notSent, raw: call.raw };
    if (call.tokenFailure === 'unauthorized' && call.hadUnknownTry) {
      // A try before the token refresh went unanswered: the refusal of our credentials says nothing about it.
      return { kind: 'ambiguous', reason: 'refused_after_unknown_try', detail: 'invalid_client', raw: call.raw };
    }
    if (call.tokenFailure === 'unauthorized') {
      // Our credentials were refused (the token URL said invalid_client) and no request of this call went unanswered.
      return {
        kind: 'not_executed',
        failure: normalizedFailure('provider_unavailable', 'invalid_client'),
        failoverAllowed: true,
        raw: call.raw,
      };
    }
    const { envelope, raw } = call;
    if (call.tokenFailure !== undefined || envelope === undefined || isUnauthorized(call)) {
      return { kind: 'ambiguous', reason: uncertainReason(call), raw };
    }
    const rule = ruleFor(SIPAY_CODES, envelope.code);
    if (rule.outcome === 'accepted') {
      const providerId = isJsonObject(envelope.payload)
        ? jsonIdText(envelope.payload[PROVIDER_ID_FIELDS.sendMoney])
        : undefined;
      if (providerId === undefined) return { kind: 'ambiguous', reason: 'unparseable_response', raw };
      const balance = sipayBalanceReport(envelope.payload);
      return {
        kind: 'accepted',
        providerId,
        signal: { status: 'processing', providerStatus: `code=${envelope.code}` },
        raw,
        ...(balance !== undefined ? { balance } : {}),
      };
    }
    if (rule.outcome === 'not_executed' && !call.hadUnknownTry) {
      const failure = normalizedFailure(rule.failure, envelope.code, envelope.message, this.options.redact);
      const balance = sipayBalanceReport(envelope.payload);
      return {
        kind: 'not_executed',
        failure,
        failoverAllowed: rule.failoverAllowed,
        raw,
        ...(balance !== undefined ? { balance } : {}),
      };
    }
    const reason: UncertainReason =
      rule.outcome === 'not_executed'
        ? 'refused_after_unknown_try'
        : (AMBIGUOUS_CODE_REASON[envelope.code] ?? 'unknown_code');
    return this.decideByLookup(attempt, { kind: 'ambiguous', reason, detail: `code ${envelope.code}`, raw });
  }

  async lookup(attempt: SubmitRequest): Promise<LookupOutcome> {
    const call = await this.options.client.getRequestWithdrawByExtId(attempt.reference);
    const { envelope, raw } = call;
    if (isUnauthorized(call)) return { kind: 'unavailable', reason: 'unauthorized', raw };
    if (call.tokenFailure !== undefined || envelope === undefined) {
      const answer = call.tokenFailure === undefined ? call.answer : undefined;
      const gotBody = answer?.kind === 'response' && answer.status >= 200 && answer.status < 300;
      return gotBody
        ? { kind: 'unparseable', reason: 'no Sipay envelope', raw }
        : { kind: 'unavailable', reason: uncertainReason(call), raw };
    }
    if (envelope.code === LOOKUP_NOT_FOUND_CODE) return this.notFound(attempt, raw);
    if (envelope.code !== '100')
      return { kind: 'unavailable', reason: 'unknown_code', detail: `code ${envelope.code}`, raw };
    const record = lookupRecord(envelope.payload, attempt.reference);
    if (record === undefined) return this.notFound(attempt, raw);
    const levelStatus = jsonNumberText(record.process_level_status) ?? jsonIdText(record.process_level_status);
    const rule = signalRuleFor(SIPAY_PROCESS_LEVEL_STATUSES, levelStatus);
    const providerId = jsonIdText(record[PROVIDER_ID_FIELDS.lookup]);
    if (rule === undefined)
      return { kind: 'unparseable', reason: `unknown process_level_status ${levelStatus ?? '(none)'}`, raw };
    if (providerId === undefined) return { kind: 'unparseable', reason: 'record id missing', raw };
    const signal = providerSignal(rule, `process_level_status=${levelStatus}`, {
      occurredAt: providerTime(record.updated_date_utc),
    });
    return { kind: 'found', providerId, signal, raw };
  }

  /** `Wallet Info`: the sending wallet's balance; an answer without a readable one is `unreadable`, never zero. */
  async readBalance(): Promise<BalanceReadOutcome> {
    const call = await this.options.client.walletInfo(this.options.senderWalletNumber);
    const { envelope, raw } = call;
    if (call.tokenFailure !== undefined || envelope === undefined || isUnauthorized(call)) {
      return { kind: 'unavailable', reason: call.tokenFailure ?? uncertainReason(call), raw };
    }
    if (envelope.code !== '100') {
      return { kind: 'unavailable', reason: 'unknown_code', detail: `code ${envelope.code}`, raw };
    }
    const report = sipayBalanceReport(envelope.payload) ?? { kind: 'unreadable', reason: 'no wallet_info' };
    return { ...report, raw };
  }

  /** The cursor is the next page number (pages from 1). */
  async listTransfers(query: TransferListingQuery): Promise<TransferListingOutcome> {
    const page = query.cursor === undefined ? 1 : Number(query.cursor);
    if (!Number.isInteger(page) || page < 1) {
      return { kind: 'unavailable', reason: 'internal_error', detail: 'cursor is not a page', raw: NOTHING_SENT };
    }
    const call = await this.options.client.getRequestWithdrawListByFilter(listingRequest(query.from, query.to, page));
    const { envelope, raw } = call;
    if (isUnauthorized(call)) return { kind: 'unavailable', reason: 'unauthorized', raw };
    if (call.tokenFailure !== undefined || envelope === undefined)
      return { kind: 'unavailable', reason: uncertainReason(call), raw };
    if (envelope.code !== '100')
      return { kind: 'unavailable', reason: 'unknown_code', detail: `code ${envelope.code}`, raw };
    const listed = listingPage(envelope.payload, page);
    if (listed === undefined) return { kind: 'unavailable', reason: 'unparseable_response', detail: 'payload', raw };
    return {
      kind: 'page',
      items: listed.records.map(listedRecord),
      nextCursor: listed.hasMore ? String(page + 1) : null,
      raw,
    };
  }

  async verifyWebhook(request: RawRequest): Promise<WebhookVerification> {
    return verifySipayWebhook(request, this.options);
  }

  async parseWebhook(request: RawRequest, body?: JsonValue): Promise<WebhookParseResult> {
    return parseSipayWebhook(request, body);
  }

  private sendMoneyBody(attempt: SubmitRequest, nationalId: string): SipaySendMoney {
    return {
      sender_account_number: this.options.senderAccountNumber,
      sender_wallet_number: this.options.senderWalletNumber,
      ext_transaction_id: attempt.reference,
      receiver_account_holder_name: attempt.beneficiary.name,
      receiver_iban: attempt.beneficiary.iban,
      receiver_national_id_or_tax_no: nationalId,
      description: attempt.description,
      amount: jsonNumber(minorToSipayAmount(attempt.amount)),
      currency_code: attempt.currency,
    };
  }

  /** A send we cannot read as accepted or refused: the record, if Sipay shows one already, decides [A]. */
  private async decideByLookup(
    attempt: SubmitRequest,
    unclear: SubmitOutcome & { kind: 'ambiguous' },
  ): Promise<SubmitOutcome> {
    if (LOOKUPS_AFTER_UNCLEAR_SEND < 1) return unclear;
    const found = await this.lookup(attempt);
    const requestCount = unclear.raw.requestCount + found.raw.requestCount;
    if (found.kind !== 'found') return { ...unclear, raw: { ...unclear.raw, requestCount } };
    // The record decided, so it is the evidence kept.
    return {
      kind: 'accepted',
      providerId: found.providerId,
      signal: found.signal,
      raw: { ...found.raw, requestCount },
    };
  }

  // Sipay may take ~20 min to show a record after code 100: "not found" proves nothing inside the consistency window,
  // which runs from the latest request that could have created it (a resend restarts it).
  private notFound(attempt: SubmitRequest, raw: RawAnswer): LookupOutcome {
    const sentAt = Math.max(attempt.submittedAt?.getTime() ?? NaN, attempt.lastSentAt?.getTime() ?? 0);
    const provesNotExecuted = !Number.isNaN(sentAt) && this.options.now() - sentAt >= this.options.consistencyWindowMs;
    return { kind: 'not_found', provesNotExecuted, raw };
  }
}

/** One listing record, shaped like the lookup's (`id`, `ext_transaction_id`, `base_amount`, ...) [A]. */
function listedRecord(record: JsonValue): ListedTransfer {
  if (!isJsonObject(record)) return { status: 'unknown', problem: 'record is not a JSON object' };
  const problems: string[] = [];
  const providerId = jsonIdText(record[PROVIDER_ID_FIELDS.lookup]);
  const reference = jsonString(record.ext_transaction_id);
  if (providerId === undefined && reference === undefined) problems.push('id and ext_transaction_id missing');
  let amount: bigint | undefined;
  try {
    const text = jsonNumberText(record.base_amount);
    amount = text === undefined ? undefined : sipayAmountToMinorOrThrow(text);
  } catch {
    amount = undefined;
  }
  if (amount === undefined) problems.push('base_amount unreadable');
  const level = jsonNumberText(record.process_level_status) ?? jsonIdText(record.process_level_status);
  const status = listedStatusOf(signalRuleFor(SIPAY_PROCESS_LEVEL_STATUSES, level));
  if (status === 'unknown') problems.push(`unknown process_level_status ${level ?? '(none)'}`);
  const createdAt = providerTime(record.created_date_utc);
  if (createdAt === undefined) problems.push('created_date_utc unreadable');
  const currency = jsonString(record.currency);
  return {
    ...(providerId !== undefined ? { providerId } : {}),
    ...(reference !== undefined ? { reference } : {}),
    ...(amount !== undefined ? { amount } : {}),
    ...(currency !== undefined ? { currency } : {}),
    status,
    ...(level !== undefined ? { providerStatus: `process_level_status=${level}` } : {}),
    ...(createdAt !== undefined ? { createdAt } : {}),
    ...(problems.length > 0 ? { problem: problems.join('; ') } : {}),
  };
}
