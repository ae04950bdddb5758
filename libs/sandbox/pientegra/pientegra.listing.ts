import { json, Reply } from '../server/http-io';
import { firstCreatedAtOrAfter } from '../store/transfer.store';
import type { PientegraTransfer } from './pientegra.transfer';
import { pientegraError } from './pientegra.errors';
import { listedAmount } from '../scenarios/scenario.table';
import { PIENTEGRA_SCENARIOS } from './pientegra.scenarios';
import { PIENTEGRA_STATUS_OF, PIENTEGRA_STATUSES, PientegraStatus } from './pientegra.types';
import { withdrawalView } from './pientegra.views';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

/**
 * `GET /external/withdrawals?createdFrom&createdTo&status&cursor&limit`: newest first, `createdFrom` inclusive and
 * `createdTo` exclusive. The cursor is a position in creation order, so a page costs its own length plus the rows
 * skipped by the status filter, never a sort of everything. Scenario 95 shows the amount 1.00 TRY higher and 96 leaves
 * the withdrawal out (sandbox.md), so a reconciliation run has discrepancies to find.
 */
export function listWithdrawals(inOrder: readonly PientegraTransfer[], query: URLSearchParams): Reply {
  const parsed = parseQuery(query, inOrder.length);
  if (typeof parsed === 'string') return pientegraError(400, 'validation_failed', parsed);
  const { fromMs, toMs, status, limit, cursor } = parsed;
  let index = Math.min(cursor ?? inOrder.length - 1, firstCreatedAtOrAfter(inOrder, toMs) - 1);
  const data: Record<string, unknown>[] = [];
  for (; index >= 0 && data.length < limit; index -= 1) {
    const transfer = inOrder[index];
    if (transfer.createdAt.getTime() < fromMs) {
      index = -1;
      break;
    }
    if (status !== undefined && PIENTEGRA_STATUS_OF[transfer.status] !== status) continue;
    const amount = listedAmount(PIENTEGRA_SCENARIOS[transfer.scenario], transfer.amountMinor);
    if (amount !== undefined) data.push({ ...withdrawalView(transfer), amount: amount.toString() });
  }
  const hasMore = index >= 0 && inOrder[index].createdAt.getTime() >= fromMs;
  return json(200, { data, nextCursor: hasMore ? Buffer.from(String(index)).toString('base64url') : null });
}

interface ListQuery {
  fromMs: number;
  toMs: number;
  status?: PientegraStatus;
  limit: number;
  cursor?: number;
}

function parseQuery(query: URLSearchParams, size: number): ListQuery | string {
  const fromMs = timeOf(query.get('createdFrom'), -Infinity);
  const toMs = timeOf(query.get('createdTo'), Infinity);
  if (Number.isNaN(fromMs) || Number.isNaN(toMs)) return 'createdFrom and createdTo must be ISO 8601 times';
  const status = query.get('status') ?? undefined;
  if (status !== undefined && !(PIENTEGRA_STATUSES as readonly string[]).includes(status)) {
    return `status must be one of ${PIENTEGRA_STATUSES.join(', ')}`;
  }
  const limitText = query.get('limit');
  const limit = limitText === null ? DEFAULT_PAGE_SIZE : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) return `limit must be 1..${MAX_PAGE_SIZE}`;
  const cursorText = query.get('cursor');
  let cursor: number | undefined;
  if (cursorText !== null) {
    cursor = Number(Buffer.from(cursorText, 'base64url').toString());
    if (!Number.isInteger(cursor) || cursor < 0 || cursor >= size) return 'cursor is not valid (any more)';
  }
  return { fromMs, toMs, status: status as PientegraStatus | undefined, limit, cursor };
}

function timeOf(text: string | null, absent: number): number {
  if (text === null) return absent;
  return /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : NaN;
}
