import { ConfigService, defineSlice, duration, list, oneOf, text } from '@libs/platform/config';

/** Used only when NODE_ENV is development or test and PII_ENCRYPTION_KEY is unset; production refuses to start. */
export const DEVELOPMENT_ONLY_PII_KEY = {
  id: 'dev',
  key: Buffer.from('development-only-pii-key-32bytes', 'utf8'),
} as const;

const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;

export interface PiiKey {
  id: string;
  key: Buffer;
}

const decodeKey = (base64: string): Buffer | undefined => {
  const key = Buffer.from(base64, 'base64');
  return key.length === 32 ? key : undefined;
};

/** `id:base64,...` -> keys; undefined entries mark a malformed one (the check reports it without echoing it). */
const parsePreviousKeys = (entries: readonly string[]): (PiiKey | undefined)[] =>
  entries.map((entry) => {
    const [id, base64, extra] = entry.split(':');
    const key = base64 === undefined || extra !== undefined ? undefined : decodeKey(base64);
    return key && KEY_ID.test(id) ? { id, key } : undefined;
  });

export const payoutsConfig = defineSlice(
  'payouts',
  {
    // Declared here as well so the check below can tell production (key required) from development and test.
    nodeEnv: oneOf(['development', 'test', 'production'] as const)('NODE_ENV', {
      description: 'development allows plain http and loopback callback URLs; test and production do not',
      default: 'production',
    }),
    piiEncryptionKey: text('PII_ENCRYPTION_KEY', {
      description:
        'base64 of 32 random bytes; seals full IBANs, national ids, webhook secrets and stored provider bodies (AES-256-GCM). Required in production',
      secret: true,
    }),
    piiEncryptionKeyId: text('PII_ENCRYPTION_KEY_ID', {
      description: 'name stored with every sealed value so the key can rotate (letters, digits, _ and -)',
      default: 'k1',
    }),
    piiPreviousKeys: list('PII_PREVIOUS_KEYS', {
      description: 'retired keys still needed to open older values, as id:base64 pairs, comma-separated',
      secret: true,
      default: '',
    }),
    scheduleMaxAheadMs: duration('SCHEDULE_MAX_AHEAD', {
      description: 'how far ahead a payout’s scheduledFor may be; a later one is refused with 422',
      default: '90d',
    }),
    approvalTimeoutMs: duration('APPROVAL_TIMEOUT', {
      description:
        'how long a payout may await approval; then it ends canceled with approval_expired (scaled by POLL_TIME_SCALE)',
      default: '72h',
    }),
    scheduleReleaseIntervalMs: duration('SCHEDULE_RELEASE_INTERVAL', {
      description: 'how often the worker releases scheduled payouts whose time has come (scaled by POLL_TIME_SCALE)',
      default: '5s',
    }),
  },
  (value) => {
    const problems: string[] = [];
    if (value.piiEncryptionKey === undefined && value.nodeEnv === 'production') {
      problems.push('PII_ENCRYPTION_KEY is missing: required when NODE_ENV=production (base64 of 32 random bytes)');
    }
    if (value.piiEncryptionKey !== undefined && decodeKey(value.piiEncryptionKey) === undefined) {
      problems.push('PII_ENCRYPTION_KEY is invalid: must be base64 of exactly 32 bytes');
    }
    if (!KEY_ID.test(value.piiEncryptionKeyId)) {
      problems.push('PII_ENCRYPTION_KEY_ID is invalid: 1-16 letters, digits, _ or -');
    }
    if (parsePreviousKeys(value.piiPreviousKeys).some((key) => key === undefined)) {
      problems.push('PII_PREVIOUS_KEYS is invalid: write id:base64-of-32-bytes pairs, comma-separated');
    }
    return problems;
  },
);

/** The key that seals new values and the keys that can still open old ones. */
export function resolvePiiKeys(config: ConfigService): { current: PiiKey; previous: PiiKey[] } {
  const value = config.get(payoutsConfig);
  const given = value.piiEncryptionKey === undefined ? undefined : decodeKey(value.piiEncryptionKey);
  const current = given ? { id: value.piiEncryptionKeyId, key: given } : DEVELOPMENT_ONLY_PII_KEY;
  const previous = parsePreviousKeys(value.piiPreviousKeys).filter((key): key is PiiKey => key !== undefined);
  // Values sealed while a development database ran without a key stay readable after one is set.
  if (value.nodeEnv !== 'production' && current !== DEVELOPMENT_ONLY_PII_KEY) previous.push(DEVELOPMENT_ONLY_PII_KEY);
  return { current, previous };
}
