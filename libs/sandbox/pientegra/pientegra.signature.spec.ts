import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pientegraSignature, pientegraSignatureHeader } from './pientegra.signature';

const fixtures = join(__dirname, '..', 'fixtures', 'pientegra');
const vector = JSON.parse(readFileSync(join(fixtures, 'webhook-withdrawal-sent.vector.json'), 'utf8')) as {
  secret: string;
  bodyFile: string;
  headers: Record<string, string>;
};
const rawBody = readFileSync(join(fixtures, vector.bodyFile));

describe('pientegraSignature', () => {
  it('reproduces the fixture vector: that body, that t and that secret give that v1', () => {
    const t = Number(/t=(\d+)/.exec(vector.headers['Pientegra-Signature'])?.[1]);
    expect(pientegraSignatureHeader(vector.secret, t, rawBody)).toBe(vector.headers['Pientegra-Signature']);
  });

  it('is hex HMAC-SHA256 of "<t>.<raw body>" with t in unix milliseconds', () => {
    const body = '{"eventId":"e1"}';
    const expected = createHmac('sha256', 'whsec_x').update(`1777381200000.${body}`).digest('hex');
    expect(pientegraSignature('whsec_x', 1777381200000, body)).toBe(expected);
    expect(pientegraSignatureHeader('whsec_x', 1777381200000, body)).toBe(`t=1777381200000,v1=${expected}`);
  });

  it('changes when one body byte, the timestamp or the secret changes', () => {
    const reference = pientegraSignature(vector.secret, 1777381200000, rawBody);
    const flipped = Buffer.from(rawBody);
    flipped[10] ^= 1;
    expect(pientegraSignature(vector.secret, 1777381200000, flipped)).not.toBe(reference);
    expect(pientegraSignature(vector.secret, 1777381200001, rawBody)).not.toBe(reference);
    expect(pientegraSignature('whsec_other', 1777381200000, rawBody)).not.toBe(reference);
  });
});
