import { isJsonObject, tryParseJsonLossless, type JsonObject, type JsonValue } from '@libs/platform/json';
import type { RawRequest, WebhookParseResult } from './payout-provider';

/** A webhook body read as a JSON object (lossless: provider ids stay exact), with its text for the inbox row. */
export type WebhookBody =
  { kind: 'object'; body: JsonObject; raw: string } | Extract<WebhookParseResult, { kind: 'unparseable' }>;

/** Reads the body of a webhook as a JSON object, or says why it is unparseable; `parsedBody` is the body read already. */
export function readWebhookBody(request: RawRequest, parsedBody?: JsonValue): WebhookBody {
  const raw = request.rawBody.toString('utf8');
  const parsed =
    parsedBody === undefined ? tryParseJsonLossless(request.rawBody) : { ok: true as const, value: parsedBody };
  if (!parsed.ok) return { kind: 'unparseable', reason: parsed.reason, raw };
  if (!isJsonObject(parsed.value)) return { kind: 'unparseable', reason: 'body is not a JSON object', raw };
  return { kind: 'object', body: parsed.value, raw };
}
