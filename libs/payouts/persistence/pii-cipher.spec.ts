import { randomBytes } from 'node:crypto';
import { PiiCipher, PiiDecryptionError } from './pii-cipher';

const IBAN = 'TR320010009999901234567890';
const key = (id: string) => ({ id, key: randomBytes(32) });

describe('PiiCipher', () => {
  const k1 = key('k1');
  const cipher = new PiiCipher(k1);

  it('seals into a versioned value naming its key, without the clear text, and opens it again', () => {
    const sealed = cipher.seal(IBAN, 'payout.iban');
    expect(sealed).toMatch(/^v1\.k1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(IBAN);
    expect(sealed).not.toContain('7890');
    expect(cipher.open(sealed, 'payout.iban')).toBe(IBAN);
  });

  it('seals bytes exactly, including bytes that are not UTF-8 (a webhook body as it arrived)', () => {
    const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0x7d]);
    const sealed = cipher.sealBytes(bytes, 'provider.webhook');
    expect(Buffer.compare(cipher.openBytes(sealed, 'provider.webhook'), bytes)).toBe(0);
    expect(() => cipher.openBytes(sealed, 'provider.answer')).toThrow(PiiDecryptionError);
  });

  it('uses a fresh IV each time', () => {
    expect(cipher.seal(IBAN, 'payout.iban')).not.toBe(cipher.seal(IBAN, 'payout.iban'));
  });

  it('refuses a value sealed for another purpose (copied into another column)', () => {
    const sealed = cipher.seal('10000000146', 'payout.national_id');
    expect(() => cipher.open(sealed, 'payout.iban')).toThrow(PiiDecryptionError);
  });

  it('refuses a tampered value, and says so without echoing it', () => {
    const sealed = cipher.seal(IBAN, 'payout.iban');
    const parts = sealed.split('.');
    parts[4] = Buffer.from('x'.repeat(26)).toString('base64url');
    expect(() => cipher.open(parts.join('.'), 'payout.iban')).toThrow(/does not open with key "k1"/);
    try {
      cipher.open(parts.join('.'), 'payout.iban');
    } catch (error) {
      expect((error as Error).message).not.toContain(parts[4]);
    }
  });

  it('rotates: new values use the current key, old ones still open with a previous key', () => {
    const old = cipher.seal(IBAN, 'payout.iban');
    const rotated = new PiiCipher(key('k2'), [k1]);
    expect(rotated.open(old, 'payout.iban')).toBe(IBAN);
    expect(rotated.seal(IBAN, 'payout.iban')).toMatch(/^v1\.k2\./);
    expect(() => new PiiCipher(key('k3')).open(old, 'payout.iban')).toThrow(/needs key "k1", which is not configured/);
  });

  it('refuses something that is not a sealed value', () => {
    expect(() => cipher.open(IBAN, 'payout.iban')).toThrow(/malformed/);
  });
});
