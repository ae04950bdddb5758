import { randomBytes } from 'node:crypto';
import { PiiCipher } from './pii-cipher';
import { openRawAnswer, rawAnswerFacts, sealRawAnswer } from './sealed-raw-answer';

const BODY = '{"payload":{"iban":"TR320010009999901234567890","receiver_national_id":"10000000146"}}';
const key = (id: string) => ({ id, key: randomBytes(32) });

describe('a provider answer at rest', () => {
  const k1 = key('k1');
  const cipher = new PiiCipher(k1);

  it('keeps the facts in clear and the body sealed, never in clear', () => {
    const column = sealRawAnswer(cipher, { httpStatus: 200, body: BODY, requestCount: 2 });
    expect(column).toEqual({ httpStatus: 200, requestCount: 2, sealedBody: expect.stringMatching(/^v1\.k1\./) });
    expect(JSON.stringify(column)).not.toContain('TR32');
    expect(JSON.stringify(column)).not.toContain('10000000146');
    expect(rawAnswerFacts(column)).toEqual({ httpStatus: 200, requestCount: 2 });
    expect(openRawAnswer(cipher, column)).toEqual({ httpStatus: 200, requestCount: 2, body: BODY });
  });

  it('seals nothing for an empty body (a timeout, a circuit stop): the facts are the whole answer', () => {
    const column = sealRawAnswer(cipher, { body: '', transportError: 'circuit_open', requestCount: 0 });
    expect(column).toEqual({ transportError: 'circuit_open', requestCount: 0 });
    expect(openRawAnswer(cipher, column)).toEqual({ transportError: 'circuit_open', requestCount: 0, body: '' });
  });

  it('opens a body sealed before a key rotation with the previous key', () => {
    const column = sealRawAnswer(cipher, { httpStatus: 200, body: BODY });
    const rotated = new PiiCipher(key('k2'), [k1]);
    expect(openRawAnswer(rotated, column)?.body).toBe(BODY);
    expect(sealRawAnswer(rotated, { body: BODY }).sealedBody).toMatch(/^v1\.k2\./);
  });

  it('says why a body cannot be shown instead of throwing: a key no longer configured, or purged', () => {
    const column = sealRawAnswer(cipher, { httpStatus: 200, body: BODY });
    expect(openRawAnswer(new PiiCipher(key('k2')), column)).toEqual({
      httpStatus: 200,
      body: '',
      withheld: { reason: 'unreadable', detail: expect.stringContaining('"k1", which is not configured') },
    });
    expect(openRawAnswer(cipher, { httpStatus: 200, bodyPurgedAt: '2027-03-01T00:00:00.000Z' })).toEqual({
      httpStatus: 200,
      body: '',
      withheld: { reason: 'purged', purgedAt: '2027-03-01T00:00:00.000Z' },
    });
  });

  it('still reads a body stored in clear before bodies were sealed (until the retention job seals it)', () => {
    expect(openRawAnswer(cipher, { httpStatus: 200, body: BODY })?.body).toBe(BODY);
    expect(rawAnswerFacts({ httpStatus: 200, body: BODY })).toEqual({ httpStatus: 200 });
  });
});
