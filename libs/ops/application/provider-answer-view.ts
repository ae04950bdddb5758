import type { OpenedRawAnswer } from '@libs/payouts/application';
import { isLosslessNumber, tryParseJsonLossless, type JsonValue } from '@libs/platform/json';
import { createRedactor } from '@libs/platform/logging';

const MAX_TEXT_CHARS = 4_000;
const redact = createRedactor();
/** Account numbers are the IBAN without its country and check digits: shown like the IBAN, last four only. */
const ACCOUNT_NUMBER_KEY = /(account_?(no|num|number)|bank_?account)$/i;
/** A person's name (`name`, `account_holder_name`, `to_name`, `targetHolderName` and the like): initials only. */
const PERSON_NAME_KEY =
  /^(name|full_?name|first_?name|last_?name|sur_?name|to_?name)$|holder_?name$|(receiver|beneficiary|recipient|customer)_?name$/i;

export interface ProviderAnswerView {
  httpStatus: number | null;
  /**
   * The body parsed without losing a digit (numbers beyond 2^53 and decimals as their exact text), or as text; null
   * when it is withheld.
   */
  body: unknown;
  /** Why the body is not shown: purged after PROVIDER_BODY_RETENTION, or sealed with a key that is not configured. */
  bodyWithheld: string | null;
  transportError: string | null;
  requestCount: number | null;
}

/**
 * The attempt's last raw provider answer for ops, opened from its sealed form: parsed losslessly when it is JSON, with
 * IBANs, account numbers, national ids, names and secret-looking fields masked (a lookup may echo the receiver's IBAN,
 * account number, national id and name). Never the full IBAN, never the ciphertext.
 */
export function toProviderAnswerView(raw: OpenedRawAnswer | null): ProviderAnswerView | null {
  if (!raw) return null;
  const parsed = tryParseJsonLossless(raw.body);
  const body = raw.withheld
    ? null
    : parsed.ok
      ? maskPersonalFields(redact(exactNumbers(parsed.value)))
      : redact.text(raw.body.slice(0, MAX_TEXT_CHARS));
  return {
    httpStatus: raw.httpStatus ?? null,
    body,
    bodyWithheld: withheldText(raw),
    transportError: raw.transportError === undefined ? null : redact.text(raw.transportError),
    requestCount: raw.requestCount ?? null,
  };
}

function withheldText(raw: OpenedRawAnswer): string | null {
  if (!raw.withheld) return null;
  return raw.withheld.reason === 'purged'
    ? `purged at ${raw.withheld.purgedAt} (PROVIDER_BODY_RETENTION)`
    : redact.text(raw.withheld.detail);
}

/** `Ahmet Yılmaz` -> `A… Y…`. */
const initials = (name: string): string =>
  name
    .split(/\s+/)
    .filter((part) => part.length > 0)
    .map((part) => `${[...part][0]}…`)
    .join(' ');

/** LosslessNumber -> its exact text, so plain JSON serialisation keeps every digit. */
function exactNumbers(value: JsonValue): unknown {
  if (isLosslessNumber(value)) return value.value;
  if (Array.isArray(value)) return value.map(exactNumbers);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, exactNumbers(item)]));
  }
  return value;
}

function maskPersonalFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskPersonalFields);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (typeof item === 'string' && ACCOUNT_NUMBER_KEY.test(key) && item.length > 4)
        return [key, `…${item.slice(-4)}`];
      if (typeof item === 'string' && PERSON_NAME_KEY.test(key)) return [key, initials(item)];
      return [key, maskPersonalFields(item)];
    }),
  );
}
