/** What the registered adapter declares about a provider; routing never names one. */
export interface ProviderDescription {
  name: string;
  /** False when the process has no credentials for it: no admin setting can turn it on. */
  isConfigured: boolean;
  disabledReason?: string;
  usesSandbox: boolean;
  currencies: readonly string[];
  /** ISO 3166 alpha-2 countries of the IBANs it pays to. */
  ibanCountries: readonly string[];
  requiresNationalId: boolean;
  /** The adapter's own inclusive bounds; an admin's settings can only narrow them. */
  minAmount: bigint;
  maxAmount: bigint;
}

export interface ProviderCatalog {
  /** Every registered provider, in the default routing order. */
  list(): readonly ProviderDescription[];
}

export const CIRCUIT_STATES = ['closed', 'open', 'half_open'] as const;
export type CircuitState = (typeof CIRCUIT_STATES)[number];

/** Which providers routing must avoid because their circuit is open (this process's breakers, or all workers'). */
export interface CircuitView {
  openCircuits(now: Date): Promise<ReadonlySet<string>>;
}

export interface ProcessCircuit {
  instance: string;
  state: CircuitState;
  since: Date;
}

/** A provider's health as the workers reported it recently. */
export interface ProviderHealth {
  /**
   * `open` when any live worker has it open, `half_open` when one is testing it, else `closed`; `unknown` when the
   * workers' reports cannot be read (Redis unreachable), with no processes and null counts.
   */
  circuit: CircuitState | 'unknown';
  processes: ProcessCircuit[];
  windowSeconds: number;
  calls: number | null;
  transportFailures: number | null;
  /** transportFailures / calls over the window; 0 without calls. */
  errorRate: number | null;
}

/** Health that could not be read: said so, rather than guessed as closed or made to fail the whole answer. */
export const unknownHealth = (windowSeconds: number): ProviderHealth => ({
  circuit: 'unknown',
  processes: [],
  windowSeconds,
  calls: null,
  transportFailures: null,
  errorRate: null,
});

export interface ProviderHealthReader {
  read(provider: string, now: Date): Promise<ProviderHealth>;
}
