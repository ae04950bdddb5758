import type { AuditLogStore } from '@libs/clients/application';
import type { RoutingRule, RoutingRuleDraft } from '../domain';
import type { ProviderBalanceRows, StoredProviderBalance } from './provider-balances.port';

/** A rule as stored: soft-deleted rules stay readable so a payout's `routing.ruleId` always resolves. */
export interface StoredRoutingRule extends RoutingRule {
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

/** An admin's settings for one provider; amounts in minor units, null = no limit of our own. */
export interface ProviderSettings {
  provider: string;
  enabled: boolean;
  drain: boolean;
  minAmount: bigint | null;
  maxAmount: bigint | null;
  dailyLimit: bigint | null;
  /** A known balance under it is low (metric and alert); null = never low. */
  lowBalanceThreshold: bigint | null;
  /** 0 while no row exists (the defaults), then 1 on the first change and +1 on every change. */
  version: number;
  updatedAt: Date | null;
}

export type ProviderSettingsChange = Pick<
  ProviderSettings,
  'enabled' | 'drain' | 'minAmount' | 'maxAmount' | 'dailyLimit' | 'lowBalanceThreshold'
>;

export interface RoutingRuleRows {
  /** Rules not deleted, in evaluation order. */
  listLive(): Promise<StoredRoutingRule[]>;
  /** Deleted rules included. */
  find(id: string): Promise<StoredRoutingRule | undefined>;
  /** `SELECT ... FOR UPDATE`, deleted rules included: inside `RoutingUnitOfWork.run` only. */
  lock(id: string): Promise<StoredRoutingRule | undefined>;
  insert(draft: RoutingRuleDraft, now: Date): Promise<StoredRoutingRule>;
  /** Replaces every field and bumps the version by one. */
  replace(id: string, draft: RoutingRuleDraft, now: Date): Promise<StoredRoutingRule>;
  /** Sets deleted_at and bumps the version by one. */
  softDelete(id: string, now: Date): Promise<StoredRoutingRule>;
}

export interface ProviderSettingsRows {
  list(): Promise<ProviderSettings[]>;
  /** `SELECT ... FOR UPDATE` of the row, if there is one: inside `RoutingUnitOfWork.run` only. */
  lock(provider: string): Promise<ProviderSettings | undefined>;
  /** Inserts (version 1) or updates (version + 1). */
  save(provider: string, change: ProviderSettingsChange, now: Date): Promise<ProviderSettings>;
}

/**
 * Minor units routed to each provider on the day of `now`, the Europe/Istanbul calendar day (daily limits count
 * finance's day): amounts of that day's attempts that are not rejected.
 */
export interface DailyUsageReader {
  /** Of `providers` only when given (an empty list reads nothing); of every provider otherwise. */
  usedOn(now: Date, providers?: readonly string[]): Promise<ReadonlyMap<string, bigint>>;
}

/** What a routing decision reads of its own tables: the live rules, the admin's provider settings, the balances. */
export interface RoutingTables {
  rules: StoredRoutingRule[];
  settings: ProviderSettings[];
  balances: StoredProviderBalance[];
}

/** The three tables in one read (one round trip on Postgres): what every routing decision starts from. */
export interface RoutingTablesReader {
  read(): Promise<RoutingTables>;
}

export interface RoutingStore {
  rules: RoutingRuleRows;
  settings: ProviderSettingsRows;
  usage: DailyUsageReader;
  balances: ProviderBalanceRows;
  tables: RoutingTablesReader;
  audit: AuditLogStore;
}

/** One transaction: a change and its audit row commit together or not at all. */
export interface RoutingUnitOfWork {
  run<T>(work: (store: RoutingStore) => Promise<T>): Promise<T>;
}
