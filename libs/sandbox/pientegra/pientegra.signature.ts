import { createHmac } from 'node:crypto';

/** `hex(HMAC-SHA256(secret, "<t>.<raw body>"))`, t in unix milliseconds (pientegra.md, Webhooks). */
export function pientegraSignature(secret: string, timestampMs: number, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestampMs}.`).update(rawBody).digest('hex');
}

/** The `Pientegra-Signature` header value: `t=<unix ms>,v1=<hex>`. */
export function pientegraSignatureHeader(secret: string, timestampMs: number, rawBody: string | Buffer): string {
  return `t=${timestampMs},v1=${pientegraSignature(secret, timestampMs, rawBody)}`;
}
