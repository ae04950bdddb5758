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
});
