import { randomBytes } from 'node:crypto';
import { ConfigService, loadSlice } from '@libs/platform/config';
import { DEVELOPMENT_ONLY_PII_KEY, payoutsConfig, resolvePiiKeys } from './payouts.config';

describe('the payouts config slice (PII key)', () => {
  const key = randomBytes(32).toString('base64');

  it('requires PII_ENCRYPTION_KEY in production', () => {
    expect(loadSlice(payoutsConfig, { NODE_ENV: 'production' }).problems).toEqual([
      expect.stringMatching(/^PII_ENCRYPTION_KEY is missing: required when NODE_ENV=production/),
    ]);
    expect(loadSlice(payoutsConfig, {}).problems).toHaveLength(1); // NODE_ENV defaults to production
    expect(loadSlice(payoutsConfig, { NODE_ENV: 'production', PII_ENCRYPTION_KEY: key }).problems).toEqual([]);
  });

  it.each(['development', 'test'])('falls back to the development-only key under NODE_ENV=%s', (nodeEnv) => {
    expect(loadSlice(payoutsConfig, { NODE_ENV: nodeEnv }).problems).toEqual([]);
    expect(resolvePiiKeys(new ConfigService({ NODE_ENV: nodeEnv })).current).toBe(DEVELOPMENT_ONLY_PII_KEY);
  });

  it('refuses a key that is not 32 bytes, a bad key id and malformed previous keys, without echoing them', () => {
    const short = randomBytes(16).toString('base64');
    const problems = loadSlice(payoutsConfig, {
      NODE_ENV: 'production',
      PII_ENCRYPTION_KEY: short,
      PII_ENCRYPTION_KEY_ID: 'has.dot',
      PII_PREVIOUS_KEYS: 'old-without-key',
    }).problems;
    expect(problems).toEqual([
      'PII_ENCRYPTION_KEY is invalid: must be base64 of exactly 32 bytes',
      'PII_ENCRYPTION_KEY_ID is invalid: 1-16 letters, digits, _ or -',
      'PII_PREVIOUS_KEYS is invalid: write id:base64-of-32-bytes pairs, comma-separated',
    ]);
    expect(problems.join('\n')).not.toContain(short);
  });

  it('resolves the current key with its id and the previous keys for opening old values', () => {
    const old = randomBytes(32).toString('base64');
    const keys = resolvePiiKeys(
      new ConfigService({
        NODE_ENV: 'production',
        PII_ENCRYPTION_KEY: key,
        PII_ENCRYPTION_KEY_ID: 'k2',
        PII_PREVIOUS_KEYS: `k1:${old}`,
      }),
    );
    expect(keys.current).toEqual({ id: 'k2', key: Buffer.from(key, 'base64') });
    expect(keys.previous).toEqual([{ id: 'k1', key: Buffer.from(old, 'base64') }]);
  });
});
