import type { ProviderName } from '../provider-name';

export interface RequestLogEntry {
  provider: ProviderName;
  method: string;
  path: string;
  /** The Idempotency-Key or the ext_transaction_id, when the request carried one. */
  reference: string | null;
  /** null while the request is still being answered. */
  status: number | null;
  /** Chaos mode only: the behaviour drawn for this request (e.g. `hold_recorded`, `refuse_401`). */
  chaos?: string;
  at: string;
  atMs: number;
}

/** Keeps the newest entries only, so a long benchmark cannot exhaust memory through this log. */
export const REQUEST_LOG_CAPACITY = 100_000;

/** Every provider API request, in arrival order (so `since` is a binary search, not a scan). */
export class RequestLog {
  private entries: RequestLogEntry[] = [];

  constructor(private readonly capacity = REQUEST_LOG_CAPACITY) {}

  /** Appended on arrival; the router fills in `status` and `reference` once the handler has answered. */
  open(provider: ProviderName, method: string, path: string, at: Date): RequestLogEntry {
    const entry: RequestLogEntry = {
      provider,
      method,
      path,
      reference: null,
      status: null,
      at: at.toISOString(),
      atMs: at.getTime(),
    };
    this.entries.push(entry);
    // Trim in batches: one splice per tenth of the capacity keeps appends O(1) amortised.
    if (this.entries.length > this.capacity + Math.ceil(this.capacity / 10)) {
      this.entries.splice(0, this.entries.length - this.capacity);
    }
    return entry;
  }

  list(filter: { provider?: ProviderName; sinceMs?: number; reference?: string }): RequestLogEntry[] {
    const start = filter.sinceMs === undefined ? 0 : this.firstAtOrAfter(filter.sinceMs);
    const out: RequestLogEntry[] = [];
    for (let i = start; i < this.entries.length; i += 1) {
      const entry = this.entries[i];
      if (filter.provider !== undefined && entry.provider !== filter.provider) continue;
      if (filter.reference === undefined || entry.reference === filter.reference) out.push(entry);
    }
    return out;
  }

  clear(): void {
    this.entries = [];
  }

  private firstAtOrAfter(ms: number): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.entries[mid].atMs < ms) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
