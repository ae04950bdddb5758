import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ControlClient } from '@test/support/sandbox/control-client';
import {
  call,
  Harness,
  LooseJson,
  SIPAY_HOOK_PATH,
  startHarness,
  TEST_CREDENTIALS,
  uniqueKey,
} from '@test/support/sandbox/sandbox-harness';
import { envelopeOf, sendMoneyText, SipayClient } from '@test/support/sandbox/sipay-client';
import { sleep } from '@test/support/sandbox/webhook-receiver';
import { numberText, parseSipayJson } from './sipay.json';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'sipay', name), 'utf8');
const keysOf = (text: string, path: (value: LooseJson) => unknown = (v) => v) =>
  Object.keys(path(parseSipayJson(text)) as object);
/** The digits of a bare JSON number field, read from the raw text. */
const rawNumber = (text: string, field: string) => new RegExp(`"${field}":(-?\\d+)`).exec(text)?.[1];

describe('Sipay emulator: API contract', () => {
  let harness: Harness;
  let sipay: SipayClient;
  let control: ControlClient;

  beforeAll(async () => {
    // A long webhook delay keeps a fresh transfer pending while the spec looks at it.
    harness = await startHarness({ tokenTtlMs: 250, webhookDelayMs: 300 });
    sipay = new SipayClient(harness.url);
    control = new ControlClient(harness.url);
  });
  afterAll(() => harness.stop());

  describe('token URL', () => {
    it('issues a Bearer token for the right client credentials, shaped like Sipay', async () => {
      const answer = await sipay.requestToken();
      expect(answer.status).toBe(200);
      expect(Object.keys(answer.json)).toEqual(keysOf(fixture('token.response.json')));
      expect(answer.json).toEqual({
        access_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 1,
        scope: 'sts_business_api',
      });
    });

    it.each([
      ['a wrong secret', TEST_CREDENTIALS.sipayClientId, 'nope'],
      ['a wrong client id', 'nope', TEST_CREDENTIALS.sipayClientSecret],
    ])('answers 400 invalid_client to %s', async (_case, id, secret) => {
      const answer = await sipay.requestToken(id, secret);
      expect([answer.status, answer.json]).toEqual([400, { error: 'invalid_client' }]);
    });

    it('accepts HTTP Basic client authentication and refuses other grant types', async () => {
      const basic = Buffer.from(`${TEST_CREDENTIALS.sipayClientId}:${TEST_CREDENTIALS.sipayClientSecret}`).toString(
        'base64',
      );
      const url = `${harness.url}/sipay/connect/token`;
      const headers = { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' };
      expect((await call(url, { method: 'POST', headers, body: 'grant_type=client_credentials' })).status).toBe(200);
      const password = await call(url, { method: 'POST', headers, body: 'grant_type=password' });
      expect([password.status, password.json]).toEqual([400, { error: 'unsupported_grant_type' }]);
    });
  });

  describe('API credentials', () => {
    it('answers 401 to an unknown token and to an expired one', async () => {
      const unknown = await sipay.lookup('x', 'not-a-token');
      expect(unknown.status).toBe(401);
      expect(Object.keys(envelopeOf(unknown))).toEqual(['status', 'code', 'message', 'payload']);
      const token = (await sipay.requestToken()).json.access_token as string;
      expect((await sipay.lookup('x', token)).status).toBe(200);
      await sleep(300);
      expect((await sipay.lookup('x', token)).status).toBe(401);
      expect((await sipay.send(sendMoneyText(uniqueKey('expired'), '2500.00'), token)).status).toBe(401);
    });
  });

  describe('SendMoneyToBankAccount and the lookup', () => {
    it('answers code 100 with 64-bit ids written exactly; JSON.parse would corrupt them', async () => {
      const ext = uniqueKey('ids');
      const answer = await new SipayClient(harness.url).send(sendMoneyText(ext, '2500.00'));
      expect(answer.status).toBe(200);
      const envelope = envelopeOf(answer);
      expect([envelope.status?.toString(), envelope.code, envelope.message]).toEqual(['0', '100', 'İşlem Başarılı']);
      expect(Object.keys(envelope.payload)).toEqual(keysOf(fixture('send-money.response.json'), (v) => v.payload));
      const transactionId = numberText(envelope.payload.transaction_id) as string;
      const requestId = numberText(envelope.payload.request_id) as string;
      expect(rawNumber(answer.text, 'transaction_id')).toBe(transactionId);
      expect(rawNumber(answer.text, 'request_id')).toBe(requestId);
      expect(BigInt(requestId) > 2n ** 53n && BigInt(transactionId) > 2n ** 53n).toBe(true);
      const lossy = JSON.parse(answer.text) as { payload: { request_id: number; transaction_id: number } };
      expect(String(lossy.payload.request_id)).not.toBe(requestId);
      expect(String(lossy.payload.transaction_id)).not.toBe(transactionId);
      expect(BigInt(lossy.payload.request_id)).not.toBe(BigInt(requestId));
      expect(answer.text).toContain('"transaction_amount":2500.00,');

      const row = await control.transfer('sipay', ext);
      expect(row).toMatchObject({ providerId: requestId, transactionId, amount: '250000', ibanLast4: '7890' });

      const lookup = await new SipayClient(harness.url).lookup(ext);
      const found = envelopeOf(lookup);
      expect(found.code).toBe('100');
      expect(Object.keys(found.payload)).toEqual(
        keysOf(fixture('get-request-withdraw-by-ext-id.response.json'), (v) => v.payload),
      );
      expect(found.payload).toMatchObject({
        id: requestId,
        ext_transaction_id: ext,
        account_holder_name: 'Ahmet Yılmaz',
      });
      expect(numberText(found.payload.tx_correlation_id)).toBe(transactionId);
      expect(lookup.text).toContain('"base_amount":2500.0000,');
      expect(numberText(found.payload.process_level_status)).toBe('0');
    });

    it('reads the amount exactly and refuses more than 2 decimals, recording nothing', async () => {
      const ext = uniqueKey('decimals');
      const refused = await sipay.send(sendMoneyText(ext, '2500.001'));
      expect(refused.status).toBe(400);
      expect(envelopeOf(refused)).toMatchObject({ code: '400', payload: null });
      expect((await control.transfers({ provider: 'sipay', reference: ext })).json.data).toEqual([]);
      const exact = uniqueKey('exact');
      expect(envelopeOf(await sipay.send(sendMoneyText(exact, '92233720368547.57'))).code).toBe('100');
      expect((await control.transfer('sipay', exact)).amount).toBe('9223372036854757');
    });

    it('answers 301 to a second request with the same ext_transaction_id, recording one transfer', async () => {
      const ext = uniqueKey('dup');
      expect(envelopeOf(await sipay.send(sendMoneyText(ext, '2500.00'))).code).toBe('100');
      const duplicate = envelopeOf(await sipay.send(sendMoneyText(ext, '2500.00')));
      expect([duplicate.code, duplicate.payload]).toEqual(['301', null]);
      expect((await control.transfers({ provider: 'sipay', reference: ext })).json.data).toHaveLength(1);
    });

    it('answers code 300 with a null payload for an unknown ext_transaction_id', async () => {
      const answer = await sipay.lookup(uniqueKey('unknown'));
      expect(answer.status).toBe(200);
      expect(answer.text).toMatch(/^\{"status":2,"code":"300","message":"[^"]+","payload":null\}$/);
    });

    it('refuses a body without a valid IBAN or national id, never echoing them', async () => {
      const badIban = await sipay.send(
        sendMoneyText(uniqueKey('iban'), '2500.00', { receiver_iban: '"TR330010009999901234567890"' }),
      );
      expect(envelopeOf(badIban).code).toBe('400');
      expect(badIban.text).not.toContain('9999901234567890');
      const badId = await sipay.send(
        sendMoneyText(uniqueKey('tckn'), '2500.00', { receiver_national_id_or_tax_no: '"123"' }),
      );
      expect(envelopeOf(badId).code).toBe('400');
    });
  });

  describe('webhooks', () => {
    it('posts the bank-transfer body, shaped as the fixture, to the token path with exact 64-bit ids', async () => {
      const ext = uniqueKey('hook');
      const sent = await sipay.send(sendMoneyText(ext, '50'));
      const [webhook] = await harness.receiver.waitFor(
        1,
        (w) => w.path === SIPAY_HOOK_PATH && w.body.includes(`"${ext}"`),
      );
      expect(Object.keys(parseSipayJson(webhook.body) as object)).toEqual(
        keysOf(fixture('webhook-bank-transfer-success.json')),
      );
      const body = parseSipayJson(webhook.body) as Record<string, unknown>;
      expect(rawNumber(webhook.body, 'request_withdraw_id')).toBe(numberText(envelopeOf(sent).payload.request_id));
      expect(rawNumber(webhook.body, 'transaction_id')).toBe(numberText(envelopeOf(sent).payload.transaction_id));
      expect(rawNumber(webhook.body, 'tenant_id')).toBe('7193628450192736815');
      expect(webhook.body).toContain('"amount":50,');
      expect(numberText(body.after_process_status)).toBe('1');
      expect(body.to_iban).toBe(`TR${'0'.repeat(20)}7890`);
      expect(webhook.headers['content-type']).toBe('application/json');
    });
  });
});
