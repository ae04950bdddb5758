import { generateApiKey, generateWebhookSecret, hashApiKey } from './api-key';

describe('API keys', () => {
  it('are pk_ and 32 random bytes in base64url', () => {
    const key = generateApiKey();
    expect(key).toMatch(/^pk_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(key.slice(3), 'base64url')).toHaveLength(32);
    expect(generateApiKey()).not.toBe(key);
  });

  it('are stored as their SHA-256 hex, which does not contain the key', () => {
    const key = generateApiKey();
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(key)).toBe(hashApiKey(key));
    expect(hashApiKey(key)).not.toContain(key.slice(3, 13));
  });

  it('webhook secrets are whsec_ and base64 of 32 random bytes (Standard Webhooks)', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
  });
});
