import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { PiiKey } from '../payouts.config';

const VERSION = 'v1';
const IV_BYTES = 12;

/** What a sealed value is for; bound into the ciphertext so a value copied into another column does not open. */
export type PiiPurpose = 'payout.iban' | 'payout.national_id' | 'client.webhook_secret';

export class PiiDecryptionError extends Error {
  override readonly name = 'PiiDecryptionError';
}

/**
 * AES-256-GCM for the few values that must never be readable from the database alone: full IBANs, national ids and
 * webhook signing secrets. A sealed value is `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url), so the key can
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
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(purpose, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url'));
    return [VERSION, this.current.id, ...parts].join('.');
  }

  open(sealed: string, purpose: PiiPurpose): string {
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
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new PiiDecryptionError(`a sealed ${purpose} does not open with key "${keyId}"`);
    }
  }
}
