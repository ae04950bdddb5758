import type { EntityManager } from 'typeorm';
import { PAYOUT_COLUMNS, toPayoutRecord, type PayoutRow } from '@libs/payouts';
import type { ClientPayoutRow, ListKey, OpsProgramsStore } from '../application';

/** The release time the scheduled list sorts by; ReadOpsPrograms' releaseTimeOf reads the same coalesce. */
const RELEASE_AT = 'coalesce(p.scheduled_for, p.next_check_at, p.created_at)';

interface ClientPayoutDbRow extends PayoutRow {
  client_name: string;
}

const toClientPayoutRow = (row: ClientPayoutDbRow): ClientPayoutRow => ({
  payout: toPayoutRecord(row),
  clientName: row.client_name,
});

/**
 * The console's program lists over Postgres: one statement each, nothing written. The scheduled list reads the
 * scheduled payouts through `payouts_scheduled_due_idx` (partial: only what still waits) and sorts that small set.
 */
export class OpsProgramsQueries implements OpsProgramsStore {
  constructor(private readonly manager: EntityManager) {}

  async listScheduled(limit: number, after?: ListKey): Promise<ClientPayoutRow[]> {
    const rows: ClientPayoutDbRow[] = await this.manager.query(
      `SELECT ${PAYOUT_COLUMNS}, c.name AS client_name
       FROM payouts p JOIN clients c ON c.id = p.client_id
       WHERE p.status = 'scheduled'
         AND ($2::timestamptz IS NULL OR (${RELEASE_AT}, p.id) > ($2::timestamptz, $3::uuid))
       ORDER BY ${RELEASE_AT}, p.id LIMIT $1`,
      [limit, after?.at ?? null, after?.id ?? null],
    );
    return rows.map(toClientPayoutRow);
  }
}
