import { isJsonObject, jsonIdText, JsonValue, stringifyJson, tryParseJsonLossless } from '@libs/platform/json';
import type { LosslessNumber } from 'lossless-json';
import type { SendPermission } from '../contract/payout-provider';
import { ProviderCallResult, toCallResult } from '../contract/provider-call';
import { HttpAnswer, isTransient, sendProviderRequest } from '../contract/provider-http';
import { RetryClock, RetryPolicy, sendWithRetries } from '../contract/retry-policy';
import { ENVELOPE_DECIDES_OVER_HTTP_STATUS, REFRESHES_PER_UNAUTHORIZED, WALLET_INFO_PATH } from './sipay.assumptions';
import { SIPAY_CODES } from './sipay.codes';
import type { SipayTokenClient } from './sipay.token';

/** `POST /v1/Transaction/SendMoneyToBankAccount` body; `amount` is a bare JSON decimal in major units. */
export interface SipaySendMoney {
  sender_account_number: string;
  sender_wallet_number: string;
  ext_transaction_id: string;
  receiver_account_holder_name: string;
  receiver_iban: string;
  receiver_national_id_or_tax_no: string;
  description?: string;
  amount: LosslessNumber;
  currency_code: string;
}

/** The envelope on every Sipay answer [V]; IDs inside `payload` are exact strings or LosslessNumbers. */
export interface SipayEnvelope {
  status: string;
  code: string;
  message: string;
  payload: JsonValue | undefined;
}

export type SipayCallResult =
  | (ProviderCallResult & { tokenFailure?: undefined; envelope: SipayEnvelope | undefined })
  | {
      tokenFailure: 'unauthorized' | 'token_unavailable';
      envelope: undefined;
      raw: ProviderCallResult['raw'];
      /** A request of this call went unanswered before the token failed (a refresh after a 401). */
      hadUnknownTry: boolean;
    };

export function readSipayEnvelope(value: JsonValue | undefined): SipayEnvelope | undefined {
  if (!isJsonObject(value)) return undefined;
  const code = jsonIdText(value.code);
  if (code === undefined) return undefined;
  return {
    status: jsonIdText(value.status) ?? '',
    code,
    message: typeof value.message === 'string' ? value.message : '',
    payload: value.payload,
  };
}

/** An answer whose envelope carries a code from our table: it decides, so it is never retried. */
const hasDecidingEnvelope = (answer: HttpAnswer): boolean => {
  if (answer.kind !== 'response' || answer.body.length === 0) return false;
  const parsed = tryParseJsonLossless(answer.body);
  const code = parsed.ok ? readSipayEnvelope(parsed.value)?.code : undefined;
  return code !== undefined && Object.prototype.hasOwnProperty.call(SIPAY_CODES, code);
};

export interface SipayClientOptions {
  apiBase: string;
  /** `x-client-id`, sent only when configured. */
  clientKey?: string;
  timeoutMs: number;
  tokens: SipayTokenClient;
  retryPolicy: RetryPolicy;
  clock: RetryClock;
}

/**
 * HTTP only: base URL, Bearer token (refreshed once on a 401), x-client-id, timeout, retries of transient answers
 * with the same ext_transaction_id, and the lossless read of every body.
 */
export class SipayClient {
  constructor(private readonly options: SipayClientOptions) {}

  /** `beforeFirstSend`: see SubmitRequest; called once per call, right before its first request leaves. */
  sendMoney(body: SipaySendMoney, beforeFirstSend?: () => Promise<SendPermission>): Promise<SipayCallResult> {
    return this.post('/v1/Transaction/SendMoneyToBankAccount', stringifyJson(body), beforeFirstSend);
  }

  getRequestWithdrawByExtId(extTransactionId: string): Promise<SipayCallResult> {
    return this.post(
      '/v1/TransactionData/GetRequestWithdrawByExtId',
      stringifyJson({ ext_transaction_id: extTransactionId }),
    );
  }

  /** `Wallet Info` [A: path and body, sipay.assumptions.ts]. */
  walletInfo(walletNumber: string): Promise<SipayCallResult> {
    return this.post(WALLET_INFO_PATH, stringifyJson({ wallet_number: walletNumber }));
  }

  /** GetRequestWithdrawListByFilter [V path]; the body is the adapter's (sipay.assumptions.ts). */
  getRequestWithdrawListByFilter(body: Record<string, unknown>): Promise<SipayCallResult> {
    return this.post('/v1/TransactionData/GetRequestWithdrawListByFilter', stringifyJson(body));
  }

  private async post(
    path: string,
    body: string,
    beforeFirstSend?: () => Promise<SendPermission>,
  ): Promise<SipayCallResult> {
    let token = await this.options.tokens.accessToken();
    let requestCount = 0;
    // Over the whole call, token refreshes included: a try that went unanswered before a refresh still may have been
    // executed, so the refusal that follows the refresh proves nothing (it used to keep only the last post's flag).
    let hadUnknownTry = false;
    for (let refreshes = 0; ; refreshes++) {
      if (!token.ok) {
        return { tokenFailure: token.reason, envelope: undefined, raw: { body: '', requestCount }, hadUnknownTry };
      }
      // The claim is made once per call: the post after a refresh is the same call, under the same reference.
      const claim = refreshes === 0 ? beforeFirstSend : undefined;
      const result = await this.postWith(path, body, token.accessToken, claim);
      requestCount += result.raw.requestCount;
      hadUnknownTry ||= result.hadUnknownTry;
      const unauthorized = result.answer?.kind === 'response' && result.answer.status === 401;
      if (!unauthorized || refreshes >= REFRESHES_PER_UNAUTHORIZED) {
        return { ...result, hadUnknownTry, raw: { ...result.raw, requestCount } };
      }
      token = await this.options.tokens.replaceRejected(token.accessToken);
    }
  }

  private async postWith(
    path: string,
    body: string,
    accessToken: string,
    beforeFirstSend?: () => Promise<SendPermission>,
  ): Promise<ProviderCallResult & { envelope: SipayEnvelope | undefined }> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${accessToken}`,
      'content-type': 'application/json; charset=utf-8',
      accept: 'application/json',
    };
    if (this.options.clientKey) headers['x-client-id'] = this.options.clientKey;
    const request = {
      method: 'POST' as const,
      url: `${this.options.apiBase}${path}`,
      headers,
      body,
      timeoutMs: this.options.timeoutMs,
    };
    const retried = await sendWithRetries(() => sendProviderRequest(request), {
      policy: this.options.retryPolicy,
      clock: this.options.clock,
      ...(beforeFirstSend ? { beforeFirstRequest: beforeFirstSend } : {}),
      // A known code decides, whatever the HTTP status; other transient answers are server or transport trouble.
      isRetryable: (answer) =>
        isTransient(answer) && !(ENVELOPE_DECIDES_OVER_HTTP_STATUS && hasDecidingEnvelope(answer)),
    });
    const result = toCallResult(retried);
    const envelope = result.json?.ok ? readSipayEnvelope(result.json.value) : undefined;
    return { ...result, envelope };
  }
}
