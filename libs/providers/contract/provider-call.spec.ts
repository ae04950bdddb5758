import { tryParseJsonLossless } from '@libs/platform/json';
import { toCallResult } from './provider-call';

const answered = (body: Buffer) =>
  toCallResult({
    answer: { kind: 'response', status: 200, headers: new Headers(), body },
    requestCount: 1,
    hadUnknownTry: false,
    rateLimited: false,
  });

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('toCallResult', () => {
  // The body is decoded once and that text parsed: the tree must be the one the strict read of the bytes gives.
  it.each([
    ['plain UTF-8', Buffer.from('{"m":"İşlem Başarılı","amount":720.0000,"id":2505267108142371608}', 'utf8')],
    ['a leading byte order mark', Buffer.concat([BOM, Buffer.from('{"a":1}')])],
    ['two byte order marks', Buffer.concat([BOM, BOM, Buffer.from('{"a":1}')])],
    ['bytes that are not UTF-8', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])],
    ['a U+FFFD written in the body', Buffer.from('{"a":"\uFFFD"}', 'utf8')],
    ['not JSON', Buffer.from('<html>bad gateway</html>')],
  ])('parses %s as the strict read of the bytes does, and keeps the body text', (_, body) => {
    const result = answered(body);
    expect(result.json).toEqual(tryParseJsonLossless(body));
    expect(result.raw.body).toBe(body.toString('utf8'));
  });

  it('reads an empty body as no JSON', () => {
    expect(answered(Buffer.alloc(0)).json).toEqual({ ok: false, reason: 'empty body' });
  });
});
