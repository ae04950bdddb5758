import { DomainValidationError } from '@libs/payouts/domain';

/**
 * A keyset position in one of the console's lists: the last row's sort time and id (a payout UUID or an inbox row's
 * bigint). Opaque to people (base64url), accepted only when it is exactly what encoding its own position gives back,
 * as the API's cursors are: anything else is a field error, never a 500.
 */
export interface ListKey {
  at: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ROW_ID = /^[1-9]\d{0,18}$/;
const ISO_MILLISECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function encodeListKey(key: ListKey): string {
  return Buffer.from(`${key.at.toISOString()}|${key.id}`, 'utf8').toString('base64url');
}

export function decodeListKeyOrThrow(cursor: string, field: string): ListKey {
  const invalid = () => new DomainValidationError([{ field, message: 'is not a position this page gave' }]);
  const [time, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || time === undefined || id === undefined) throw invalid();
  if (!ISO_MILLISECONDS.test(time) || !(UUID.test(id) || ROW_ID.test(id))) throw invalid();
  const at = new Date(time);
  if (Number.isNaN(at.getTime()) || at.toISOString() !== time) throw invalid();
  const key = { at, id };
  if (encodeListKey(key) !== cursor) throw invalid();
  return key;
}
