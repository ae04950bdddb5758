import { CREATION_STATUSES, isEdge, type PayoutStatus } from '@libs/payouts/domain';

export interface ReplayedPayout {
  id: string;
  status: PayoutStatus;
  version: number;
}

/** An applied payout_events row. */
export interface AppliedEvent {
  payout_id: string;
  version: number;
  from_status: PayoutStatus | null;
  to_status: PayoutStatus;
}

/** Applies each payout's applied events in version order from nothing, and compares the result with the row. */
export function replayEventLogs(payouts: readonly ReplayedPayout[], events: readonly AppliedEvent[]): string[] {
  const byPayout = new Map<string, AppliedEvent[]>();
  for (const event of events) byPayout.set(event.payout_id, [...(byPayout.get(event.payout_id) ?? []), event]);
  const errors: string[] = [];
  for (const payout of payouts) {
    let status: PayoutStatus | null = null;
    let version = 0;
    let broken: string | undefined;
    for (const event of byPayout.get(payout.id) ?? []) {
      const fits =
        status === null
          ? event.from_status === null &&
            (CREATION_STATUSES as readonly PayoutStatus[]).includes(event.to_status) &&
            event.version === 1
          : event.from_status === status && event.version === version + 1 && isEdge(status, event.to_status);
      if (!fits && !broken)
        broken = `v${version} ${status ?? '-'} then v${event.version} ${event.from_status ?? '-'}->${event.to_status}`;
      status = event.to_status;
      version = event.version;
    }
    if (broken) errors.push(`${payout.id}: ${broken}`);
    else if (status !== payout.status || version !== payout.version)
      errors.push(`${payout.id}: events end at v${version} ${status}, row is v${payout.version} ${payout.status}`);
  }
  return errors;
}
