import { isSettled } from '@libs/payouts/domain';
import type { AddressRanges } from '@libs/platform/config';
import { jsonIdText, jsonNumberText, type JsonValue } from '@libs/platform/json';
import { constantTimeEqual } from '../contract/constant-time';
import type { RawRequest, WebhookParseResult, WebhookVerification } from '../contract/payout-provider';
import { providerSignal, signalRuleFor } from '../contract/provider-signal';
import { readWebhookBody } from '../contract/webhook-body';
import { PROVIDER_ID_FIELDS } from './sipay.assumptions';
import { SIPAY_AFTER_PROCESS_STATUSES } from './sipay.statuses';

/**
 * Sipay signs nothing [V]: a webhook is accepted only at our unguessable path token (compared in constant time) and,
 * when SIPAY_WEBHOOK_ALLOWED_IPS is set, only from those addresses.
 */
export function verifySipayWebhook(
  request: RawRequest,
  settings: { webhookToken: string; webhookAllowedIps: AddressRanges },
): WebhookVerification {
  if (request.pathToken === undefined || !constantTimeEqual(request.pathToken, settings.webhookToken)) {
    return { ok: false, reason: 'bad_token' };
  }
  if (!settings.webhookAllowedIps.isEmpty && !settings.webhookAllowedIps.includes(request.remoteAddress ?? '')) {
    return { ok: false, reason: 'ip_not_allowed' };
  }
  return { ok: true };
}

const isPositiveInteger = (text: string | undefined): boolean =>
  text !== undefined && /^[0-9]+$/.test(text) && BigInt(text) > 0n;

/**
 * Reads a bank-transfer webhook as a hint: terminal signals must be confirmed with GetRequestWithdrawByExtId before
 * they are applied, since anyone who learns the path could send one. `response_status`, `response_code` and
 * `response_message` carry the same values on success and rejection [A]: nothing here reads them.
 */
export function parseSipayWebhook(request: RawRequest, parsedBody?: JsonValue): WebhookParseResult {
  const read = readWebhookBody(request, parsedBody);
  if (read.kind === 'unparseable') return read;
  const { body, raw } = read;
  const reference = jsonIdText(body.ext_transaction_id);
  const afterStatus = jsonNumberText(body.after_process_status) ?? jsonIdText(body.after_process_status);
  if (reference === undefined) return { kind: 'unparseable', reason: 'ext_transaction_id missing', raw };
  if (afterStatus === undefined) return { kind: 'unparseable', reason: 'after_process_status missing', raw };
  // Two deliveries of one fact share the key; 1 then 5 (success, then a return) are two facts.
  const dedupeKey = `${reference}:${afterStatus}`;
  const rule = signalRuleFor(SIPAY_AFTER_PROCESS_STATUSES, afterStatus);
  if (rule === undefined)
    return { kind: 'ignored', dedupeKey, reason: `unknown after_process_status ${afterStatus}`, raw };
  const completed = afterStatus !== '1' || isPositiveInteger(jsonIdText(body.transaction_id));
  // `1` without a transaction id is not a completion yet: keep it as "in progress".
  const signal = completed
    ? providerSignal(rule, `after_process_status=${afterStatus}`)
    : providerSignal({ status: 'processing' }, 'after_process_status=1 without transaction_id');
  return {
    kind: 'event',
    dedupeKey,
    reference,
    providerId: jsonIdText(body[PROVIDER_ID_FIELDS.webhook]),
    signal,
    mustConfirmByLookup: isSettled(signal.status),
    raw,
  };
}
