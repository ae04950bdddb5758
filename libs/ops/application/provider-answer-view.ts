import type { StoredRawAnswer } from '@libs/payouts/application';
import { isLosslessNumber, tryParseJsonLossless, type JsonValue } from '@libs/platform/json';
import { createRedactor } from '@libs/platform/logging';

const MAX_TEXT_CHARS = 4_000;
const redact = createRedactor();
/** Account numbers are the IBAN without its country and check digits: shown like the IBAN, last four only. */
const ACCOUNT_NUMBER_KEY = /(account_?(no|num|number)|bank_?account)$/i;

export interface ProviderAnswerView {
  httpStatus: number | null;
  /** The body parsed without losing a digit (numbers beyond 2^53 and decimals as their exact text), or as text. */
  body: unknown;
  transportError: string | null;
  requestCount: number | null;
}

/**
 * The attempt's last raw provider answer for ops: parsed losslessly when it is JSON, with IBANs, national ids and
 * secret-looking fields masked (a Sipay lookup echoes the receiver's IBAN). Never the full IBAN.
 */
export function toProviderAnswerView(raw: StoredRawAnswer | null): ProviderAnswerView | null {
  if (!raw) return null;
  const parsed = tryParseJsonLossless(raw.body);
  const body = parsed.ok
    ? maskAccountNumbers(redact(exactNumbers(parsed.value)))
    : redact.text(raw.body.slice(0, MAX_TEXT_CHARS));
  return {
    httpStatus: raw.httpStatus ?? null,
    body,
    transportError: raw.transportError === undefined ? null : redact.text(raw.transportError),
    requestCount: raw.requestCount ?? null,
  };
}

/** LosslessNumber -> its exact text, so plain JSON serialisation keeps every digit. */
function exactNumbers(value: JsonValue): unknown {
  if (isLosslessNumber(value)) return value.value;
  if (Array.isArray(value)) return value.map(exactNumbers);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, exactNumbers(item)]));
  }
  return value;
}

function maskAccountNumbers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskAccountNumbers);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      ACCOUNT_NUMBER_KEY.test(key) && typeof item === 'string' && item.length > 4
        ? `…${item.slice(-4)}`
        : maskAccountNumbers(item),
    ]),
  );
}
