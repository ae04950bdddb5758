import { JsonParseResult, tryParseJsonLossless } from '@libs/platform/json';
import type { RawAnswer } from './payout-provider';
import type { HttpAnswer } from './provider-http';
import type { RetriedAnswer } from './retry-policy';

/** One provider operation after retries: the last HTTP answer, its body read losslessly, and the evidence to keep. */
export interface ProviderCallResult {
  answer: HttpAnswer | undefined;
  /** Undefined when no response arrived; a parse failure is `{ ok: false }`. */
  json: JsonParseResult | undefined;
  raw: RawAnswer;
  hadUnknownTry: boolean;
  rateLimited: boolean;
  /** The caller refused the send (RetriedAnswer.notSent): nothing left us. */
  notSent?: RetriedAnswer['notSent'];
}

/**
 * The body parsed from the text already decoded for `raw.body`, not decoded a second time (a listing page is a few
 * hundred KB: a second copy of it per page is garbage the worker promotes). The same tree either way: bytes that are
 * not UTF-8 decode with U+FFFD, so a text holding one (or starting with a byte order mark, which the strict read drops)
 * is parsed from the bytes, as before; any other text is exactly what the strict read of its bytes gives.
 */
const parseBody = (bytes: Buffer, text: string): JsonParseResult =>
  text.charCodeAt(0) === 0xfeff || text.includes('\uFFFD') ? tryParseJsonLossless(bytes) : tryParseJsonLossless(text);

export function toCallResult(retried: RetriedAnswer): ProviderCallResult {
  const { answer } = retried;
  const raw: RawAnswer = { body: '', requestCount: retried.requestCount };
  let json: JsonParseResult | undefined;
  if (answer?.kind === 'response') {
    raw.httpStatus = answer.status;
    raw.body = answer.body.toString('utf8');
    json = answer.body.length > 0 ? parseBody(answer.body, raw.body) : { ok: false, reason: 'empty body' };
  } else if (answer?.kind === 'no_response') {
    raw.transportError = answer.failure;
  }
  if (retried.rateLimited) raw.transportError = 'rate_limited';
  if (retried.notSent) raw.transportError = retried.notSent;
  return {
    answer,
    json,
    raw,
    hadUnknownTry: retried.hadUnknownTry,
    rateLimited: retried.rateLimited,
    ...(retried.notSent ? { notSent: retried.notSent } : {}),
  };
}
