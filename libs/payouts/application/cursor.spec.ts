import fc from 'fast-check';
import { DomainValidationError } from '../domain';
import { decodeFeedCursorOrThrow, decodeListCursorOrThrow, encodeFeedCursor, encodeListCursor } from './cursor';

describe('cursors', () => {
  it('round-trip a list position, millisecond and id exact', () => {
    const position = { createdAt: new Date('2026-05-26T10:00:00.123Z'), id: '0193a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b' };
    const cursor = encodeListCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeListCursorOrThrow(cursor)).toEqual(position);
  });

  it('round-trip a feed position with 64-bit transaction ids', () => {
    const position = { txId: '9223372036854775000', id: '42' };
    expect(decodeFeedCursorOrThrow(encodeFeedCursor(position))).toEqual(position);
  });

  it.each([
    '',
    'garbage',
    Buffer.from('2026-01-01|not-an-id').toString('base64url'),
    Buffer.from('x|y|z').toString('base64url'),
  ])('refuses a list cursor it did not make (%p), naming the field', (cursor) => {
    expect(() => decodeListCursorOrThrow(cursor)).toThrow(DomainValidationError);
    try {
      decodeListCursorOrThrow(cursor);
    } catch (error) {
      expect((error as DomainValidationError).errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
    }
  });

  it('refuses a feed cursor it did not make, naming `after`', () => {
    expect(() => decodeFeedCursorOrThrow(Buffer.from('1.x').toString('base64url'))).toThrow(/is not a cursor/);
    expect(() => decodeFeedCursorOrThrow('garbage')).toThrow(DomainValidationError);
  });

  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
  const ID = '0193a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b';

  it.each([
    ['an id of 36 dashes', b64(`2026-01-01T00:00:00.000Z|${'-'.repeat(36)}`)],
    ['an upper-case id', b64(`2026-01-01T00:00:00.000Z|${ID.toUpperCase()}`)],
    ['a time before year 1 in Postgres terms', b64(`-271821-04-20T00:00:00.000Z|${ID}`)],
    ['a time beyond year 9999', b64(`+275760-09-13T00:00:00.000Z|${ID}`)],
    ['year 0000', b64(`0000-01-01T00:00:00.000Z|${ID}`)],
    ['a day that does not exist', b64(`2026-02-30T00:00:00.000Z|${ID}`)],
    ['a bare number for the time', b64(`1|${ID}`)],
    ['a time without milliseconds', b64(`2026-01-01T00:00:00Z|${ID}`)],
    ['padding the service never writes', `${b64(`2026-01-01T00:00:00.000Z|${ID}`)}==`],
  ])('refuses a crafted list cursor: %s', (_case, cursor) => {
    expect(() => decodeListCursorOrThrow(cursor)).toThrow(DomainValidationError);
  });

  it.each([
    ['a transaction id above the bigint range', b64('9223372036854775808.1')],
    ['an event id above the bigint range', b64('1.9999999999999999999')],
    ['twenty digits', b64('99999999999999999999.1')],
    ['leading zeros', b64('007.1')],
    ['a sign', b64('-1.1')],
  ])('refuses a crafted feed position: %s', (_case, cursor) => {
    expect(() => decodeFeedCursorOrThrow(cursor)).toThrow(DomainValidationError);
  });

  it('accepts the largest bigint position', () => {
    const position = { txId: '9223372036854775807', id: '9223372036854775807' };
    expect(decodeFeedCursorOrThrow(encodeFeedCursor(position))).toEqual(position);
  });

  const anyCursorText = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }).map(b64),
    fc.tuple(fc.string(), fc.string()).map(([a, b]) => b64(`${a}|${b}`)),
    fc.tuple(fc.bigInt(), fc.bigInt()).map(([a, b]) => b64(`${a}.${b}`)),
    fc
      .tuple(fc.date({ noInvalidDate: false }), fc.uuid())
      .map(([d, id]) => b64(`${Number.isNaN(d.getTime()) ? 'x' : d.toISOString()}|${id}`)),
  );

  it('decodes any string to a position Postgres accepts, or refuses it with the validation error', () => {
    fc.assert(
      fc.property(anyCursorText, (cursor) => {
        for (const decodeOrThrow of [decodeListCursorOrThrow, decodeFeedCursorOrThrow] as const) {
          let position: unknown;
          try {
            position = decodeOrThrow(cursor);
          } catch (error) {
            expect(error).toBeInstanceOf(DomainValidationError);
            continue;
          }
          if ('createdAt' in (position as object)) {
            const { createdAt, id } = position as { createdAt: Date; id: string };
            expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
            expect(createdAt.getUTCFullYear()).toBeGreaterThanOrEqual(1970);
            expect(createdAt.getUTCFullYear()).toBeLessThanOrEqual(9999);
            expect(encodeListCursor({ createdAt, id })).toBe(cursor);
          } else {
            const { txId, id } = position as { txId: string; id: string };
            for (const part of [txId, id]) expect(BigInt(part) <= 9223372036854775807n).toBe(true);
            expect(encodeFeedCursor({ txId, id })).toBe(cursor);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});
