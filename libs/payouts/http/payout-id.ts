import { PayoutError } from '../domain';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Anything that is not a UUID names no payout: 404, like an id that does not exist (never a database error). */
export function payoutIdOrThrow(id: string): string {
  if (!UUID.test(id)) throw new PayoutError('not_found', `no payout ${id.slice(0, 64)}`);
  return id.toLowerCase();
}
