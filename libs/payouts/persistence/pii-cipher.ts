import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { PiiKey } from '../payouts.config';

const VERSION = 'v1';
const IV_BYTES = 12;

/** What a sealed value is for; bound into the ciphertext so a value copied into another column does not open. */
export type PiiPurpose =
  | 'payout.iban'
  | 'payout.national_id'
  | 'client.webhook_secret'
  /** A provider's answer body kept on its attempt (payout_attempts.last_raw_answer). */
  | 'provider.answer'
  /** A provider webhook's raw bytes (webhook_inbox.raw_body_sealed). */
  | 'provider.webhook';

export class PiiDecryptionError extends Error {
  override readonly name = 'PiiDecryptionError';
}

/**
 * AES-256-GCM for the values that must never be readable from the database alone: full IBANs, national ids, webhook
 * signing secrets, and every provider body we keep (docs/decisions/0006-provider-bodies-at-rest.md). A sealed value is `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url), so the key can
 * rotate: new values use the current key, old ones open with the key their id names. Messages never hold the value.
 */
export class PiiCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;

  constructor(
    private readonly current: PiiKey,
    previous: readonly PiiKey[] = [],
  ) {
    this.keys = new Map([...previous.map((key) => [key.id, key.key] as const), [current.id, current.key]]);
  }

  seal(plain: string, purpose: PiiPurpose): string {
    return this.sealBytes(Buffer.from(plain, 'utf8'), purpose);
  }

  open(sealed: string, purpose: PiiPurpose): string {
    return this.openBytes(sealed, purpose).toString('utf8');
  }

  /** Exact bytes in, exact bytes out: a webhook body that is not valid UTF-8 still opens to what arrived. */
  sealBytes(plain: Buffer, purpose: PiiPurpose): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(purpose, 'utf8'));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url'));
    return [VERSION, this.current.id, ...parts].join('.');
  }

  openBytes(sealed: string, purpose: PiiPurpose): Buffer {
    const [version, keyId, iv, tag, body, extra] = sealed.split('.');
    if (version !== VERSION || body === undefined || extra !== undefined) {
      throw new PiiDecryptionError(`a sealed ${purpose} is malformed`);
    }
    const key = this.keys.get(keyId);
    if (!key) throw new PiiDecryptionError(`a sealed ${purpose} needs key "${keyId}", which is not configured`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(purpose, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
    } catch {
      throw new PiiDecryptionError(`a sealed ${purpose} does not open with key "${keyId}"`);
    }
  }
}
