import type { Pool } from 'pg';
import type { SandboxTransfer } from './payout-invariants';

/**
 * Everything we know about one payout, for the report of a broken invariant: the row, its event log, its attempts,
 * the inbox rows of those attempts and what the sandbox recorded under their references.
 */
export async function describePayout(sql: Pool, sandboxUrl: string, payoutId: string): Promise<string> {
  const [payout] = (
    await sql.query(
      `SELECT id, status, version, provider, next_check_at, needs_attention, created_at, updated_at
       FROM payouts WHERE id = $1`,
      [payoutId],
    )
  ).rows;
  const events = (
    await sql.query(
      `SELECT version, from_status, to_status, source, applied, reason, detail, created_at
       FROM payout_events WHERE payout_id = $1 ORDER BY id`,
      [payoutId],
    )
  ).rows;
  const attempts = (
    await sql.query<{ reference: string; provider: string }>(
      `SELECT id, provider, reference, provider_id, status, created_at, updated_at
       FROM payout_attempts WHERE payout_id = $1 ORDER BY created_at`,
      [payoutId],
    )
  ).rows;
  const references = attempts.map((a) => a.reference);
  const inbox = (
    await sql.query(
      `SELECT id, provider, status, decision, attempts, next_attempt_at, received_at, processed_at
       FROM webhook_inbox WHERE payout_id = $1 OR reference = ANY($2::text[]) ORDER BY id`,
      [payoutId, references],
    )
  ).rows;
  const transfers: SandboxTransfer[] = [];
  for (const reference of references) {
    const response = await fetch(`${sandboxUrl}/_sandbox/transfers?reference=${encodeURIComponent(reference)}`);
    transfers.push(...((await response.json()) as { data: SandboxTransfer[] }).data);
  }
  const rows = (title: string, list: unknown[]) =>
    [`  ${title} (${list.length}):`, ...list.map((row) => `    ${JSON.stringify(row)}`)].join('\n');
  return [
    `payout ${payoutId}: ${JSON.stringify(payout)}`,
    rows('events', events),
    rows('attempts', attempts),
    rows('inbox rows', inbox),
    rows('sandbox transfers', transfers),
  ].join('\n');
}
