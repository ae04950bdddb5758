import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createRootLogger } from './root-logger';
import { createRedactor, redactPath } from './redaction';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { lines, destination };
}

const IBAN = 'TR320010009999901234567890';
const TCKN = '10000000146';
const VKN = '1234567890';
const API_KEY = 'sk_live_site42_9f8e7d6c5b4a';
const WEBHOOK_SECRET = 'whsec_rotating_secret_value';
const BEARER = 'eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl';

function logEverySecretOnce(logger: Logger): void {
  logger.info({ headers: { authorization: `Bearer ${BEARER}`, 'x-api-key': API_KEY } }, 'incoming request');
  logger.info(
    { beneficiary: { name: 'Ahmet Yılmaz', iban: IBAN, nationalId: TCKN, ibanLast4: '7890' } },
    'payout created',
  );
  logger.info(
    { body: { receiver_iban: IBAN, receiver_national_id_or_tax_no: VKN, client_secret: 'abc123456' } },
    'sipay request',
  );
  logger.warn(`provider refused IBAN ${IBAN} for national id ${TCKN} and tax no ${VKN}`);
  logger.error(
    { err: new Error(`request to https://x/?key=${API_KEY} failed for TR32 0010 0099 9990 1234 5678 90`) },
    'call failed',
  );
  logger.info({ config: { webhookSecret: WEBHOOK_SECRET, note: `signed with ${WEBHOOK_SECRET}` } }, 'config loaded');
  logger.info({ authorization: `Basic ${Buffer.from('user:pass').toString('base64')}` }, 'basic auth');
  logger.info({ path: '/v1/webhooks/sipay/s3cr3t-token-value', providerId: '2505267108142371608' }, 'webhook');
}

const SECRETS: [string, string][] = [
  ['the Authorization header', BEARER],
  ['an API key', API_KEY],
  ['a webhook secret', WEBHOOK_SECRET],
  ['a full IBAN', IBAN],
  ['a full IBAN written in groups', 'TR32 0010 0099'],
  ['a TCKN', TCKN],
  ['a VKN', VKN],
  ['an OAuth client secret', 'abc123456'],
  ['basic credentials', Buffer.from('user:pass').toString('base64')],
];

describe('log redaction', () => {
  const { lines, destination } = capture();
  const logger = createRootLogger({ name: 'test', level: 'trace', secrets: [API_KEY, WEBHOOK_SECRET], destination });

  beforeAll(() => logEverySecretOnce(logger));

  const all = () => lines.join('\n');

  it('writes one JSON object per line', () => {
    expect(lines).toHaveLength(8);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });

  it.each(SECRETS)('never contains %s', (_kind, secret) => {
    expect(all()).not.toContain(secret);
  });

  it('keeps what is safe and useful: the last four IBAN digits, names and 64-bit provider ids', () => {
    expect(all()).toContain('"ibanLast4":"7890"');
    expect(all()).toContain('Ahmet Yılmaz');
    expect(all()).toContain('2505267108142371608');
    expect(all()).toContain('TR**…7890');
  });

  it('hides every signature header, whatever its provider prefix', () => {
    const redact = createRedactor();
    expect(
      redact({ 'pientegra-signature': 't=1,v1=abc', 'webhook-signature': 'v1,abc', 'x-signature': 'abc' }),
    ).toEqual({
      'pientegra-signature': '[redacted]',
      'webhook-signature': '[redacted]',
      'x-signature': '[redacted]',
    });
  });

  it('masks an IBAN inside a sentence without swallowing the words after it', () => {
    const redact = createRedactor();
    expect(redact.text(`account ${IBAN} is closed`)).toBe('account TR**…7890 is closed');
    expect(redact.text('account TR32 0010 0099 9990 1234 5678 90 is closed')).toBe('account TR**…7890 is closed');
  });

  it('shows a webhook path that carries a token as its route pattern', () => {
    expect(redactPath('/v1/webhooks/sipay/s3cr3t-token-value?x=1')).toBe('/v1/webhooks/sipay/:token?x=1');
    expect(redactPath('/v1/webhooks/pientegra')).toBe('/v1/webhooks/pientegra');
  });
});

describe('log redaction in the pretty format', () => {
  const { lines, destination } = capture();
  const logger = createRootLogger({
    name: 'test',
    level: 'trace',
    secrets: [API_KEY, WEBHOOK_SECRET],
    format: 'pretty',
    colour: false,
    destination,
  });

  beforeAll(() => logEverySecretOnce(logger));

  const all = () => lines.join('');

  it('starts one readable line per entry: time, level, process, message, then the fields (an error adds its stack)', () => {
    const entries = all()
      .split('\n')
      .filter((line) => /^\[\d\d:\d\d:\d\d\.\d{3}\] /.test(line));
    expect(entries).toHaveLength(8);
    expect(entries[1]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO \(test\/\d+\): payout created \{.*"ibanLast4":"7890"/);
    expect(all()).toContain('ERROR (test/');
  });

  it.each(SECRETS)('never contains %s', (_kind, secret) => {
    expect(all()).not.toContain(secret);
  });

  it('keeps the last four IBAN digits and 64-bit provider ids', () => {
    expect(all()).toContain('TR**…7890');
    expect(all()).toContain('2505267108142371608');
  });
});
