import type { Client } from 'pg';

const CHUNK = 100_000;

/**
 * Grows the non-terminal payouts (processing, one in ten manual_review, half per provider, each with its live
 * attempt, submitted within the last minute, so "today" for routing's daily usage) from `present` to `total` rows, in chunks with generate_series. The first `due` rows ever inserted are due
 * a minute ago; all others are due in 1 to 25 hours, spread, as a poll schedule leaves them.
 */
export async function growPayouts(sql: Client, clientId: string, present: number, total: number, due: number) {
  for (let from = present + 1; from <= total; from += CHUNK) {
    const to = Math.min(total, from + CHUNK - 1);
    await sql.query(
      `WITH inserted AS (
         INSERT INTO payouts (id, client_id, status, version, amount, currency, beneficiary_name, iban_encrypted,
           iban_last4, metadata, provider, next_check_at, created_at, updated_at)
         SELECT gen_random_uuid(), $1, CASE WHEN g % 10 = 0 THEN 'manual_review' ELSE 'processing' END, 3, 100000 + g,
           'TRY', 'Bench Payee', 'v1.k1.sealed', '7890', '{}', CASE WHEN g % 2 = 0 THEN 'sipay' ELSE 'pientegra' END,
           CASE WHEN g <= $4 THEN now() - interval '1 minute' + g * interval '1 millisecond'
                ELSE now() + interval '1 hour' + (g % 86400) * interval '1 second' END,
           now() - interval '1 day', now() - interval '1 day'
         FROM generate_series($2::int, $3::int) AS g
         RETURNING id, provider, created_at
       )
       INSERT INTO payout_attempts (id, payout_id, provider, reference, provider_id, status, submitted_at, created_at,
         updated_at)
       SELECT gen_random_uuid(), id, provider, 'bench-' || id, 'p-' || id, 'accepted', attempted_at, attempted_at,
         attempted_at
       FROM (SELECT id, provider, now() - (random() * interval '60 seconds') AS attempted_at FROM inserted) AS i`,
      [clientId, from, to, due],
    );
  }
  await sql.query('VACUUM ANALYZE payouts');
  await sql.query('VACUUM ANALYZE payout_attempts');
}

/** Makes `extra` more not-yet-due payouts due now (to show the cost grows with the due rows). */
export async function makeMoreDue(sql: Client, extra: number): Promise<void> {
  await sql.query(
    `UPDATE payouts SET next_check_at = now() - interval '30 seconds'
     WHERE id IN (SELECT id FROM payouts WHERE next_check_at > now() ORDER BY next_check_at LIMIT $1)`,
    [extra],
  );
  await sql.query('VACUUM ANALYZE payouts');
}

export async function countDue(sql: Client): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM payouts
     WHERE next_check_at <= now() AND status IN ('submitting', 'processing', 'manual_review')`,
  );
  return rows[0].n;
}
