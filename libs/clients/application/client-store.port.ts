import type { Scope } from '../domain/scopes';

/** A client as the rest of the service sees it: never its key, never its webhook secret in clear. */
export interface ClientRecord {
  id: string;
  name: string;
  scopes: Scope[];
  callbackUrl: string | null;
  hasWebhookSecret: boolean;
  revokedAt: Date | null;
  createdAt: Date;
}

export interface NewClient {
  name: string;
  keyHash: string;
  scopes: readonly Scope[];
  callbackUrl: string | null;
  webhookSecretSealed: string | null;
  createdAt: Date;
}

/** One row of the audit log: who did what to which subject, and why. Every context that audits writes this. */
export interface AuditLogEntry {
  /** Null for an operator at the CLI. */
  actorClientId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  reason: string | null;
  details?: Record<string, unknown>;
}

export interface ClientStore {
  insert(client: NewClient): Promise<ClientRecord>;
  findActiveByKeyHash(keyHash: string): Promise<ClientRecord | undefined>;
  find(id: string): Promise<ClientRecord | undefined>;
  list(): Promise<ClientRecord[]>;
  /** Sets revoked_at once; false when no such client exists. */
  revoke(id: string, now: Date): Promise<boolean>;
  /** The sealed Standard Webhooks secret, for the notification sender to open. */
  findSealedWebhookSecret(id: string): Promise<string | undefined>;
}

/** Appends to the audit log, inside the caller's transaction when the store is bound to one. */
export interface AuditLogStore {
  write(entry: AuditLogEntry, now: Date): Promise<void>;
}

export interface ClientTransaction {
  clients: ClientStore;
  audit: AuditLogStore;
}

/** One transaction over the client tables and the audit log. */
export interface ClientUnitOfWork {
  run<T>(work: (tx: ClientTransaction) => Promise<T>): Promise<T>;
}

/** Seals a webhook signing secret for storage (AES-GCM with the PII key; wired by the process). */
export interface SecretSealer {
  seal(plain: string): string;
}
