/**
 * Log redaction. Three nets, because a secret can reach a log line in three ways:
 * by a field name (`authorization`, `iban`, `client_secret`), by its shape inside free text (an IBAN or a national
 * id in an error message), or as a configured secret value pasted anywhere (an API key inside a URL).
 */
export const REDACTED = '[redacted]';

const SENSITIVE_KEY =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api[-_]?key|.*secret.*|.*token.*|password|passwd|iban|receiver_iban|to_iban|target_?iban|national[-_]?id|receiver_national_id.*|national_id_or_tax_no|tckn|vkn|tax_?no|key|(?:[a-z0-9]+-)+signature)$/i;
/** Keys that look sensitive by name but hold only a safe derivative. */
const SAFE_KEY = /(last4|Last4|_last4|Masked|masked|tokenType|token_type|expiresIn|expires_in)$/;

// ISO 13616: two letters, two check digits, then 11..30 alphanumerics written solid or in space-separated groups of
// four. Case-sensitive, so the words after an IBAN in a sentence are not taken for part of it.
const IBAN_IN_TEXT = /\b[A-Z]{2}\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,4})?)\b/g;
// TCKN (11 digits) and VKN (10 digits) standing alone; longer digit runs (64-bit provider ids) are left intact.
const NATIONAL_ID_IN_TEXT = /(?<![\d.])\d{10,11}(?![\d.])/g;
const BEARER_IN_TEXT = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;

export interface Redactor {
  (value: unknown): unknown;
  text(value: string): string;
}

export function createRedactor(secretValues: readonly string[] = []): Redactor {
  const secrets = [...new Set(secretValues.filter((s) => s.length >= 6))].sort((a, b) => b.length - a.length);

  const text = (value: string): string => {
    let out = value;
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out
      .replace(BEARER_IN_TEXT, (_m, scheme: string) => `${scheme} ${REDACTED}`)
      .replace(IBAN_IN_TEXT, (iban: string) => {
        const compact = iban.replace(/ /g, '');
        return /\d/.test(compact.slice(4)) ? `${compact.slice(0, 2)}**…${compact.slice(-4)}` : iban;
      })
      .replace(NATIONAL_ID_IN_TEXT, '[national-id]');
  };

  const walk = (value: unknown, depth: number, seen: WeakSet<object>): unknown => {
    if (typeof value === 'string') return text(value);
    if (typeof value === 'bigint') return value.toString();
    if (value === null || typeof value !== 'object') return value;
    if (depth > 8 || seen.has(value)) return '[truncated]';
    seen.add(value);
    if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
    if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1, seen));
    if (value instanceof Error) {
      return { type: value.name, message: text(value.message), stack: value.stack ? text(value.stack) : undefined };
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] =
        SENSITIVE_KEY.test(key) && !SAFE_KEY.test(key) && item !== undefined ? REDACTED : walk(item, depth + 1, seen);
    }
    return out;
  };

  const redact = ((value: unknown) => walk(value, 0, new WeakSet())) as Redactor;
  redact.text = text;
  return redact;
}

/**
 * A webhook path of the `/v1/webhooks/:provider/:token` route carries a secret token (a provider that signs nothing
 * authenticates by an unguessable path): logs, metrics and traces show the route pattern instead.
 */
export function redactPath(path: string): string {
  return path.replace(/^(\/v1\/webhooks\/[^/?#]+\/)[^/?#]+/, '$1:token');
}
