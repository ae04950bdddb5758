import type { EntityManager } from 'typeorm';
import {
  LATE_FLIP_EVENT,
  PAYOUT_COLUMNS,
  toPayoutEventRecord,
  toPayoutRecord,
  type PayoutEventRow,
  type PayoutRow,
} from '@libs/payouts';
import type { PayoutStatus } from '@libs/payouts/domain';
import { LATE_FLIP_KINDS, lateFlipKind, type LateFlipKind, type LateFlipRow, type LateFlipStore } from '../application';

// LATE_FLIP_EVENT names columns without an alias: the queries below read payout_events unaliased.

/** The late-flip list and its gauge over the partial index payout_events_late_flips_idx. */
export class LateFlipQueries implements LateFlipStore {
  constructor(private readonly manager: EntityManager) {}

  async listLateFlips(limit: number, beforeEventId?: string): Promise<LateFlipRow[]> {
    const events: PayoutEventRow[] = await this.manager.query(
      `SELECT * FROM payout_events
       WHERE (${LATE_FLIP_EVENT})
         AND ($2::bigint IS NULL
              OR (created_at, id) < ((SELECT created_at FROM payout_events WHERE id = $2::bigint), $2::bigint))
       ORDER BY created_at DESC, id DESC LIMIT $1`,
      [limit, beforeEventId ?? null],
    );
    if (events.length === 0) return [];
    const payouts: PayoutRow[] = await this.manager.query(
      `SELECT ${PAYOUT_COLUMNS} FROM payouts p WHERE p.id = ANY($1::uuid[])`,
      [[...new Set(events.map((event) => event.payout_id))]],
    );
    const byId = new Map(payouts.map((row) => [row.id, toPayoutRecord(row)]));
    return events.flatMap((row) => {
      const payout = byId.get(row.payout_id);
      return payout ? [{ event: toPayoutEventRecord(row), payout }] : [];
    });
  }

  /** Every late flip ever recorded, by kind (each kind listed, zero included); kinds as lateFlipKind tells them. */
  async countByKind(): Promise<{ kind: LateFlipKind; count: number }[]> {
    const rows: { from_status: PayoutStatus | null; to_status: PayoutStatus; count: number }[] =
      await this.manager.query(
        `SELECT from_status, to_status, count(*)::int AS count FROM payout_events WHERE ${LATE_FLIP_EVENT} GROUP BY 1, 2`,
      );
    const counts = new Map<LateFlipKind, number>(LATE_FLIP_KINDS.map((kind) => [kind, 0]));
    for (const row of rows) {
      const kind = lateFlipKind(row.from_status, row.to_status);
      counts.set(kind, (counts.get(kind) ?? 0) + row.count);
    }
    return [...counts].map(([kind, count]) => ({ kind, count }));
  }
}
