import { createHmac } from 'node:crypto';
import type { RawRequest } from '../contract/payout-provider';
import { fixture } from '@test/support/providers/pientegra';
import { verifyPientegraSignature } from './pientegra.signature';

interface Vector {
  secret: string;
  bodyFile: string;
  headers: Record<string, string>;
  verifyAtUnixMs: number;
  expect: string;
}

const vector = JSON.parse(fixture('webhook-withdrawal-sent.vector.json').toString('utf8')) as Vector;
const body = fixture(vector.bodyFile);
const header = vector.headers['Pientegra-Signature'];
const t = /t=(\d+)/.exec(header)?.[1] ?? '';
const sign = (secret: string, payload: Buffer = body, timestamp = t) =>
  createHmac('sha256', secret).update(`${timestamp}.`).update(payload).digest('hex');

const request = (overrides: Partial<RawRequest> = {}): RawRequest => ({
  headers: { 'pientegra-signature': header, 'pientegra-event-id': vector.headers['Pientegra-Event-Id'] },
  rawBody: body,
  receivedAt: new Date(vector.verifyAtUnixMs),
  ...overrides,
});

describe('verifyPientegraSignature (fixtures/webhook-withdrawal-sent.vector.json)', () => {
  it('accepts the vector at verifyAtUnixMs', () => {
    expect(vector.expect).toBe('valid');
    expect(verifyPientegraSignature(request(), [vector.secret])).toEqual({ ok: true });
  });

  it('refuses it as stale six minutes after t', () => {
    const late = new Date(Number(t) + 6 * 60_000);
    expect(verifyPientegraSignature(request({ receivedAt: late }), [vector.secret])).toEqual({
      ok: false,
      reason: 'stale',
    });
  });

  it('refuses it as stale when t is six minutes in the future', () => {
    const early = new Date(Number(t) - 6 * 60_000);
    expect(verifyPientegraSignature(request({ receivedAt: early }), [vector.secret])).toEqual({
      ok: false,
      reason: 'stale',
    });
  });

  it('refuses the body with one byte flipped', () => {
    const flipped = Buffer.from(body);
    flipped[40] ^= 0x01;
    expect(verifyPientegraSignature(request({ rawBody: flipped }), [vector.secret])).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('refuses a re-serialized body: the signature is over the raw bytes', () => {
    const pretty = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8')), null, 2));
    expect(verifyPientegraSignature(request({ rawBody: pretty }), [vector.secret])).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('accepts any of several v1 values', () => {
    const several = `t=${t},v1=${sign('whsec_other')},v1=${sign(vector.secret)}`;
    expect(verifyPientegraSignature(request({ headers: { 'pientegra-signature': several } }), [vector.secret])).toEqual(
      { ok: true },
    );
  });

  it('accepts a signature by any configured secret during a rotation', () => {
    expect(verifyPientegraSignature(request(), ['whsec_new_rotated', vector.secret])).toEqual({ ok: true });
    expect(verifyPientegraSignature(request(), ['whsec_new_rotated'])).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a missing or malformed header', () => {
    expect(verifyPientegraSignature(request({ headers: {} }), [vector.secret])).toEqual({
      ok: false,
      reason: 'missing_signature',
    });
    for (const bad of [`v1=${sign(vector.secret)}`, `t=${t}`, `t=abc,v1=${sign(vector.secret)}`, 'garbage']) {
      expect(verifyPientegraSignature(request({ headers: { 'pientegra-signature': bad } }), [vector.secret])).toEqual({
        ok: false,
        reason: 'bad_signature',
      });
    }
  });

  it('refuses a forged signature even when it is fresh', () => {
    const now = String(vector.verifyAtUnixMs);
    const forged = `t=${now},v1=${sign('not-the-secret', body, now)}`;
    expect(verifyPientegraSignature(request({ headers: { 'pientegra-signature': forged } }), [vector.secret])).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });
});
