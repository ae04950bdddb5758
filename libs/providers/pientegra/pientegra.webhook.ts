import { isJsonObject, jsonIdText, jsonString, type JsonValue } from '@libs/platform/json';
import type { RawRequest, WebhookParseResult } from '../contract/payout-provider';
import { redactProviderText, TextRedactor } from '../contract/provider-logger';
import { providerSignal, providerTime, signalRuleFor } from '../contract/provider-signal';
import { readWebhookBody } from '../contract/webhook-body';
import { PIENTEGRA_EVENTS } from './pientegra.statuses';

export const EVENT_ID_HEADER = 'pientegra-event-id';

/**
 * Reads a verified Pientegra webhook. The envelope `{ eventId, eventType, occurredAt }` is [V]; the `withdrawal`
 * object inside it is [A] (its fields as in the status lookup), and this is the one place that reads it.
 */
export function parsePientegraWebhook(
  request: RawRequest,
  redact: TextRedactor = redactProviderText,
  parsedBody?: JsonValue,
): WebhookParseResult {
  const read = readWebhookBody(request, parsedBody);
  if (read.kind === 'unparseable') return read;
  const { body, raw } = read;
  const eventId = jsonIdText(body.eventId) ?? request.headers[EVENT_ID_HEADER];
  const eventType = jsonString(body.eventType);
  if (eventId === undefined || eventId === '') return { kind: 'unparseable', reason: 'eventId missing', raw };
  if (eventType === undefined) return { kind: 'unparseable', reason: 'eventType missing', raw };
  if (eventType.startsWith('intent.')) {
    return { kind: 'ignored', dedupeKey: eventId, reason: 'intent events concern deposits', raw };
  }
  const rule = signalRuleFor(PIENTEGRA_EVENTS, eventType);
  if (rule === undefined)
    return { kind: 'ignored', dedupeKey: eventId, reason: `unknown event type ${eventType}`, raw };

  const withdrawal = isJsonObject(body.withdrawal) ? body.withdrawal : undefined;
  const providerId = jsonIdText(withdrawal?.withdrawalId);
  if (providerId === undefined) return { kind: 'unparseable', reason: 'withdrawal.withdrawalId missing', raw };
  const providerStatus = jsonString(withdrawal?.status) ?? eventType;
  const signal = providerSignal(rule, providerStatus, {
    occurredAt: providerTime(body.occurredAt),
    providerMessage: jsonString(withdrawal?.rejectedReason),
    redact,
  });
  // Signed by Pientegra: the body is authoritative, no lookup needed before applying it.
  return { kind: 'event', dedupeKey: eventId, providerId, signal, mustConfirmByLookup: false, raw };
}
