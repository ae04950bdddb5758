import { AddressRanges } from '@libs/platform/config';
import type { RawRequest } from '../contract/payout-provider';
import { fixture } from '@test/support/providers/sipay';
import { SIPAY_AFTER_PROCESS_STATUSES } from './sipay.statuses';
import { parseSipayWebhook, verifySipayWebhook } from './sipay.webhook';

const request = (rawBody: Buffer, overrides: Partial<RawRequest> = {}): RawRequest => ({
  headers: {},
  rawBody,
  receivedAt: new Date(),
  ...overrides,
});
const withStatus = (after: number, transactionId = '2505266701488343592') =>
  Buffer.from(
    fixture('webhook-bank-transfer-success.json')
      .toString('utf8')
      .replace('"after_process_status": 1', `"after_process_status": ${after}`)
      .replace('"transaction_id": 2505266701488343592', `"transaction_id": ${transactionId}`),
  );

describe('parseSipayWebhook (fixtures byte for byte)', () => {
  it('keeps request_withdraw_id and ext_transaction_id exact, where JSON.parse corrupts the 64-bit ids', () => {
    const raw = fixture('webhook-bank-transfer-success.json');
    const plain = JSON.parse(raw.toString('utf8')) as { request_withdraw_id: number; tenant_id: number };
    expect(String(plain.request_withdraw_id)).not.toBe('2505267108142371608');
    expect(String(plain.tenant_id)).not.toBe('7193628450192736815');

    expect(parseSipayWebhook(request(raw))).toMatchObject({
      kind: 'event',
      reference: '54171323223317131311333332552',
      providerId: '2505267108142371608',
      dedupeKey: '54171323223317131311333332552:1',
      signal: { status: 'succeeded', providerStatus: 'after_process_status=1' },
      mustConfirmByLookup: true,
      raw: raw.toString('utf8'),
    });
  });

  it.each([
    ['webhook-bank-transfer-success.json', 'succeeded', undefined],
    ['webhook-bank-transfer-rejected.json', 'failed', 'bank_rejected'],
    ['webhook-bank-transfer-returned.json', 'returned', undefined],
  ])('reads %s as %s, whatever response_code says', (file, status, failure) => {
    const result = parseSipayWebhook(request(fixture(file)));
    expect(result).toMatchObject({ kind: 'event', signal: { status }, mustConfirmByLookup: true });
    if (result.kind === 'event') expect(result.signal?.failure?.code).toBe(failure);
  });

  it.each([
    [1, 'succeeded', true],
    [2, 'failed', true],
    [3, 'manual_review', false],
    [4, 'failed', true],
    [5, 'returned', true],
  ])('maps after_process_status %p to %p (confirm by lookup: %p)', (after, status, confirm) => {
    expect(Object.keys(SIPAY_AFTER_PROCESS_STATUSES)).toContain(String(after));
    expect(parseSipayWebhook(request(withStatus(after)))).toMatchObject({
      kind: 'event',
      dedupeKey: `54171323223317131311333332552:${after}`,
      signal: { status },
      mustConfirmByLookup: confirm,
    });
  });

  it('covers every after_process_status of the table', () => {
    expect(Object.keys(SIPAY_AFTER_PROCESS_STATUSES).sort()).toEqual(['1', '2', '3', '4', '5']);
  });

  it('does not read status 1 without a transaction id as a completion', () => {
    expect(parseSipayWebhook(request(withStatus(1, '0')))).toMatchObject({
      kind: 'event',
      signal: { status: 'processing' },
      mustConfirmByLookup: false,
    });
  });

  it('gives duplicates one dedupe key and success-then-return two', () => {
    const keys = [withStatus(1), withStatus(1), withStatus(5)].map((raw) => {
      const result = parseSipayWebhook(request(raw));
      return result.kind === 'event' ? result.dedupeKey : undefined;
    });
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('ignores an unknown after_process_status and refuses broken bodies', () => {
    expect(parseSipayWebhook(request(withStatus(7)))).toMatchObject({
      kind: 'ignored',
      dedupeKey: '54171323223317131311333332552:7',
    });
    expect(parseSipayWebhook(request(Buffer.from('{"amount": 50')))).toMatchObject({ kind: 'unparseable' });
    expect(parseSipayWebhook(request(Buffer.from('{"after_process_status": 1}')))).toMatchObject({
      kind: 'unparseable',
    });
  });
});

describe('verifySipayWebhook', () => {
  const settings = { webhookToken: 'wh_7c1e5a9b3d2f4e6a', webhookAllowedIps: new AddressRanges([]) };
  const body = fixture('webhook-bank-transfer-success.json');

  it('accepts the right path token and refuses a wrong, shorter or missing one', () => {
    expect(verifySipayWebhook(request(body, { pathToken: 'wh_7c1e5a9b3d2f4e6a' }), settings)).toEqual({ ok: true });
    for (const pathToken of ['wh_7c1e5a9b3d2f4e6b', 'wh_', undefined]) {
      expect(verifySipayWebhook(request(body, { pathToken }), settings)).toEqual({ ok: false, reason: 'bad_token' });
    }
  });

  it('accepts only allowed addresses when an allowlist is set, IPv4-mapped IPv6 included', () => {
    const allowlisted = { ...settings, webhookAllowedIps: new AddressRanges(['203.0.113.7']) };
    const from = (remoteAddress?: string) => request(body, { pathToken: settings.webhookToken, remoteAddress });
    expect(verifySipayWebhook(from('203.0.113.7'), allowlisted)).toEqual({ ok: true });
    expect(verifySipayWebhook(from('::ffff:203.0.113.7'), allowlisted)).toEqual({ ok: true });
    expect(verifySipayWebhook(from('198.51.100.1'), allowlisted)).toEqual({ ok: false, reason: 'ip_not_allowed' });
    expect(verifySipayWebhook(from(undefined), allowlisted)).toEqual({ ok: false, reason: 'ip_not_allowed' });
  });

  it('accepts addresses inside allowed CIDR ranges, IPv4 (mapped or not) and IPv6', () => {
    const ranges = { ...settings, webhookAllowedIps: new AddressRanges(['198.51.100.0/24', '2001:db8:5::/48']) };
    const from = (remoteAddress: string) => request(body, { pathToken: settings.webhookToken, remoteAddress });
    for (const allowed of ['198.51.100.1', '198.51.100.254', '::ffff:198.51.100.77', '2001:db8:5:1::9']) {
      expect(verifySipayWebhook(from(allowed), ranges)).toEqual({ ok: true });
    }
    for (const refused of ['198.51.101.1', '::ffff:198.51.101.1', '2001:db8:6::1', '10.0.0.1']) {
      expect(verifySipayWebhook(from(refused), ranges)).toEqual({ ok: false, reason: 'ip_not_allowed' });
    }
  });
});
