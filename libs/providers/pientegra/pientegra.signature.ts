import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '../contract/constant-time';
import type { RawRequest, WebhookVerification } from '../contract/payout-provider';

/** [V sample] A signature older or newer than this (by its `t`) is refused, however valid. */
export const SIGNATURE_TOLERANCE_MS = 5 * 60 * 1_000;
export const SIGNATURE_HEADER = 'pientegra-signature';

/** `hex(HMAC-SHA256(secret, "<t>.<raw body bytes>"))`, t in unix milliseconds [V]. */
export function pientegraSignature(secret: string, timestampMs: string, rawBody: Buffer): string {
  return createHmac('sha256', secret).update(`${timestampMs}.`).update(rawBody).digest('hex');
}

function parseHeader(header: string): { timestamp?: string; signatures: string[] } {
  let timestamp: string | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    const key = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (key === 't') timestamp = value;
    else if (key === 'v1' && value !== '') signatures.push(value.toLowerCase());
  }
  return { timestamp, signatures };
}

/**
 * Verifies over the raw bytes, before any parsing. Several `v1=` values and several secrets are accepted [A]: during
 * a rotation Pientegra may sign with both, and we may hold both. Authenticity is checked before age, so `stale`
 * means "genuine but too old" (a replay), and a forgery is always `bad_signature`.
 */
export function verifyPientegraSignature(request: RawRequest, secrets: readonly string[]): WebhookVerification {
  const header = request.headers[SIGNATURE_HEADER];
  if (header === undefined || header.trim() === '') return { ok: false, reason: 'missing_signature' };
  const { timestamp, signatures } = parseHeader(header);
  if (timestamp === undefined || !/^\d{1,16}$/.test(timestamp) || signatures.length === 0) {
    return { ok: false, reason: 'bad_signature' };
  }
  let matched = false;
  for (const secret of secrets) {
    const expected = pientegraSignature(secret, timestamp, request.rawBody);
    // Every pair is compared, match or not, so timing says nothing about which secret or entry matched.
    for (const candidate of signatures) matched = constantTimeEqual(expected, candidate) || matched;
  }
  if (!matched) return { ok: false, reason: 'bad_signature' };
  if (Math.abs(request.receivedAt.getTime() - Number(timestamp)) > SIGNATURE_TOLERANCE_MS) {
    return { ok: false, reason: 'stale' };
  }
  return { ok: true };
}
