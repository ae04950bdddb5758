import type { DataSource } from 'typeorm';
import type { BatchCancelRows } from '../application/cancel-batch';

/** BatchCancelRows on Postgres (payouts_batch_status_idx). */
export class BatchCancelQueries implements BatchCancelRows {
  constructor(private readonly dataSource: DataSource) {}

  async itemsIn(batchId: string, statuses: readonly string[]): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM payouts WHERE batch_id = $1 AND status = ANY ($2::text[]) ORDER BY id`,
      [batchId, [...statuses]],
    );
    return rows.map((row) => row.id);
  }
}
