import { DomainValidationError } from '../domain';
import type { FeedPosition } from './payout-store.port';

// Cursors are opaque to clients (base64url) but plain to us. A cursor is accepted only when it is exactly what
// encoding its own position gives back, and only when that position is one Postgres can compare against (a real UUID,
// a time within the timestamp range, bigints within 64 bits): anything else is a field error, never a 500.

const encode = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');
const decode = (cursor: string): string => Buffer.from(cursor, 'base64url').toString('utf8');
const invalid = (field: string) => new DomainValidationError([{ field, message: 'is not a cursor this API returned' }]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_MILLISECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const BIGINT_MAX = 9223372036854775807n;
const FEED_POSITION = /^(0|[1-9]\d{0,18})\.(0|[1-9]\d{0,18})$/;

/** Position in the newest-first payout list: the last row's (createdAt, id). */
export function encodeListCursor(position: { createdAt: Date; id: string }): string {
  return encode(`${position.createdAt.toISOString()}|${position.id}`);
}

export function decodeListCursorOrThrow(cursor: string, field = 'cursor'): { createdAt: Date; id: string } {
  const text = decode(cursor);
  const separator = text.indexOf('|');
  const time = text.slice(0, separator);
  const id = text.slice(separator + 1);
  if (separator < 0 || !ISO_MILLISECONDS.test(time) || !UUID.test(id)) throw invalid(field);
  const createdAt = new Date(time);
  // Years 0000 and calendar overflows (02-30) parse or shift in JavaScript; only an issued time survives a round trip.
  if (Number.isNaN(createdAt.getTime()) || createdAt.getTime() < 0 || createdAt.toISOString() !== time) {
    throw invalid(field);
  }
  const position = { createdAt, id };
  if (encodeListCursor(position) !== cursor) throw invalid(field);
  return position;
}

export function encodeFeedCursor(position: FeedPosition): string {
  return encode(`${position.txId}.${position.id}`);
}

export function decodeFeedCursorOrThrow(cursor: string, field = 'after'): FeedPosition {
  const match = FEED_POSITION.exec(decode(cursor));
  if (!match || BigInt(match[1]) > BIGINT_MAX || BigInt(match[2]) > BIGINT_MAX) throw invalid(field);
  const position = { txId: match[1], id: match[2] };
  if (encodeFeedCursor(position) !== cursor) throw invalid(field);
  return position;
}
