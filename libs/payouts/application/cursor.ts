import { DomainValidationError } from '../domain';
import type { FeedPosition } from './payout-store.port';

// Cursors are opaque to clients (base64url) but plain to us, so a bad one is refused with a field error, not a 500.

const encode = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');
const decode = (cursor: string): string => Buffer.from(cursor, 'base64url').toString('utf8');
const invalid = (field: string) => new DomainValidationError([{ field, message: 'is not a cursor this API returned' }]);

/** Position in the newest-first payout list: the last row's (createdAt, id). */
export function encodeListCursor(position: { createdAt: Date; id: string }): string {
  return encode(`${position.createdAt.toISOString()}|${position.id}`);
}

export function decodeListCursorOrThrow(cursor: string, field = 'cursor'): { createdAt: Date; id: string } {
  const [time, id, extra] = decode(cursor).split('|');
  const createdAt = new Date(time);
  if (extra !== undefined || !id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(createdAt.getTime())) {
    throw invalid(field);
  }
  return { createdAt, id };
}

export function encodeFeedCursor(position: FeedPosition): string {
  return encode(`${position.txId}.${position.id}`);
}

export function decodeFeedCursorOrThrow(cursor: string, field = 'after'): FeedPosition {
  const match = /^(\d{1,19})\.(\d{1,19})$/.exec(decode(cursor));
  if (!match) throw invalid(field);
  return { txId: match[1], id: match[2] };
}
