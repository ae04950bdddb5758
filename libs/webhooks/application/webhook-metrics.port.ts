/** What the inbox reports; the module wires Prometheus behind it, tests a recorder. */
export interface WebhookMetrics {
  /** Every request to a webhook route, by what became of it (stored, duplicate, refused reason, not_json, ...). */
  received(provider: string, outcome: string): void;
  duplicate(provider: string): void;
  /** Receipt to decision, in seconds; `applied` false for late, duplicate or refused events. */
  processed(provider: string, applied: boolean, lagSeconds: number): void;
  notApplied(provider: string, reason: string): void;
  contradiction(provider: string): void;
  orphaned(provider: string): void;
  orphansWaiting(count: number): void;
}
