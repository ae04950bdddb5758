import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_PREFIX = 'pk_';
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** 32 random bytes, base64url, behind a recognisable prefix (secret scanners and people can tell what it is). */
export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/**
 * The only form of a key we store. A key is 256 random bits, not a password a person chose: nobody can guess it
 * or try a dictionary, so a slow hash (bcrypt, argon2) would add ~100 ms to every request and no safety. SHA-256
 * is enough to make a leaked `clients` table useless for calling the API, and it lets us look the key up by hash.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A Standard Webhooks signing secret: `whsec_` + base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}
