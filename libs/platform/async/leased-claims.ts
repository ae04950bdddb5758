/**
 * Rows a sweep or poller takes in batches from Postgres: the due ones, oldest first, at most `limit`, skipping rows
 * another worker holds (FOR UPDATE SKIP LOCKED), each hidden until `leaseUntil` in the same statement so the next run
 * does not take it again while this one works on it. A worker that dies leaves its rows to come back at `leaseUntil`.
 */
export interface LeasedClaims<Row> {
  claimDue(now: Date, limit: number, leaseUntil: Date): Promise<Row[]>;
}

/** Claims up to `limit` due rows at `now`, each leased for `leaseMs`. */
export function claimLeased<Row>(
  store: LeasedClaims<Row>,
  now: Date,
  { limit, leaseMs }: { limit: number; leaseMs: number },
): Promise<Row[]> {
  return store.claimDue(now, limit, new Date(now.getTime() + leaseMs));
}
