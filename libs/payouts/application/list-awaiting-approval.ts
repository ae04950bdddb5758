import { decodeListCursorOrThrow, encodeListCursor } from './cursor';
import type { AwaitingApprovalRows } from './approval-ports';
import { toPayoutView, type PayoutView } from './payout-view';

export const APPROVALS_PAGE = 50;

/**
 * `GET /v1/approvals`: the payouts awaiting approval of every client, oldest first (the one closest to its deadline
 * on top); the cursor is the last row's position.
 */
export class ListAwaitingApproval {
  constructor(private readonly rows: AwaitingApprovalRows) {}

  async execute(cursor?: string): Promise<{ data: PayoutView[]; nextCursor: string | null }> {
    const after = cursor === undefined ? undefined : decodeListCursorOrThrow(cursor);
    const rows = await this.rows.list(after, APPROVALS_PAGE + 1);
    const page = rows.slice(0, APPROVALS_PAGE);
    const last = page[page.length - 1];
    return {
      data: page.map(toPayoutView),
      nextCursor: rows.length > APPROVALS_PAGE && last ? encodeListCursor(last) : null,
    };
  }
}
