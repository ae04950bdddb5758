import { toPayoutView, type PayoutEventRecord, type PayoutRecord, type PayoutView } from '@libs/payouts/application';
import type { PayoutStatus } from '@libs/payouts/domain';
import { decodeListKeyOrThrow, encodeListKey } from './ops-cursor';

export const LATE_FLIP_LIMIT = { min: 1, max: 100, default: 50 } as const;

/**
 * The outcomes that cost money (money-movement.md, "Late flips"): a `failed` payout the provider later reports paid,
 * and a `succeeded` payout later reversed (returned, or reported failed). `other`: any other contradiction (a success
 * for an attempt we had proven not executed, while the payout was live).
 */
export const LATE_FLIP_KINDS = ['paid_after_failed', 'reversed_after_succeeded', 'other'] as const;
export type LateFlipKind = (typeof LATE_FLIP_KINDS)[number];

/** The kind of a listed event from its edge: the status the payout was in, and the one the provider stated. */
export function lateFlipKind(from: PayoutStatus | null, to: PayoutStatus): LateFlipKind {
  if (from === 'failed' && to === 'succeeded') return 'paid_after_failed';
  if (from === 'succeeded' && (to === 'returned' || to === 'failed')) return 'reversed_after_succeeded';
  return 'other';
}

/** An event that flipped (or tried to flip) a settled outcome, with its payout as it is now. */
export interface LateFlipRow {
  event: PayoutEventRecord;
  payout: PayoutRecord;
}

export interface LateFlipStore {
  /**
   * Newest first by (event createdAt, event id): the event that first flagged each payout a contradiction, and every
   * applied succeeded -> returned; strictly older than the event `beforeEventId` when given.
   */
  listLateFlips(limit: number, beforeEventId?: string): Promise<LateFlipRow[]>;
}

export interface LateFlipView {
  kind: LateFlipKind;
  /** When the provider's statement was recorded. */
  at: string;
  /** The client the payout belongs to. */
  clientId: string;
  payout: PayoutView;
  /** The event with its evidence (what the provider said, the attempt, the source): ops:read sees it whole. */
  event: {
    id: string;
    from: PayoutStatus | null;
    to: PayoutStatus;
    applied: boolean;
    source: string;
    reason: string;
    detail: string;
    evidence: unknown;
  };
}

/** GET /v1/ops/contradictions: late flips, newest first, cursor-paginated, each with its evidence. */
export class ListLateFlips {
  constructor(private readonly store: LateFlipStore) {}

  async execute(params: {
    limit?: number;
    cursor?: string;
  }): Promise<{ data: LateFlipView[]; nextCursor: string | null }> {
    const limit = params.limit ?? LATE_FLIP_LIMIT.default;
    const before = params.cursor === undefined ? undefined : decodeListKeyOrThrow(params.cursor, 'cursor');
    const rows = await this.store.listLateFlips(limit + 1, before?.id);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      data: page.map(({ event, payout }) => ({
        kind: lateFlipKind(event.from, event.to),
        at: event.createdAt.toISOString(),
        clientId: payout.clientId,
        payout: toPayoutView(payout),
        event: {
          id: event.id,
          from: event.from,
          to: event.to,
          applied: event.applied,
          source: event.source,
          reason: event.reason,
          detail: event.detail,
          evidence: event.evidence ?? null,
        },
      })),
      nextCursor: rows.length > limit && last ? encodeListKey({ at: last.event.createdAt, id: last.event.id }) : null,
    };
  }
}
