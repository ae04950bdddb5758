import type { ProviderName } from '../provider-name';

/** One chaos draw or chaos act, for the runner's report of a broken invariant. */
export interface ChaosLogEntry {
  provider: ProviderName;
  reference: string | null;
  identity: string;
  operation: 'send' | 'lookup' | 'outcome' | 'token' | 'webhook';
  ordinal: number;
  behaviour: string;
  /**
   * Set on a webhook that says something the sandbox's own record does not (a `rejected` about a reference that was
   * recorded after all). The sandbox suppresses those instead of sending them, so this stays false in practice; the
   * flag exists so a checker never has to guess.
   */
  contradictsRecord?: boolean;
  detail?: Record<string, unknown>;
  at: string;
}

/** Keeps the newest entries only, like the request log. */
export const CHAOS_LOG_CAPACITY = 200_000;

export class ChaosLog {
  private entries: ChaosLogEntry[] = [];

  add(entry: Omit<ChaosLogEntry, 'at'>): void {
    this.entries.push({ ...entry, at: new Date().toISOString() });
    if (this.entries.length > CHAOS_LOG_CAPACITY + CHAOS_LOG_CAPACITY / 10) {
      this.entries.splice(0, this.entries.length - CHAOS_LOG_CAPACITY);
    }
  }

  list(filter: { reference?: string } = {}): ChaosLogEntry[] {
    return filter.reference === undefined
      ? [...this.entries]
      : this.entries.filter((entry) => entry.reference === filter.reference);
  }

  clear(): void {
    this.entries = [];
  }
}
