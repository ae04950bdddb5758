import type { DataSource, EntityManager } from 'typeorm';
import { AuditLogWriter } from '@libs/clients';
import type { RoutingStore, RoutingUnitOfWork } from '../application';
import { DailyUsageQuery } from './daily-usage.query';
import { ProviderBalanceRepository } from './provider-balance.repository';
import { ProviderSettingsRepository } from './provider-settings.repository';
import { RoutingRuleRepository } from './routing-rule.repository';
import { RoutingTablesQuery } from './routing-tables.query';

/** The routing tables bound to one EntityManager: the data source's for reads, a transaction's inside `run`. */
export class TypeOrmRoutingStore implements RoutingStore {
  readonly rules: RoutingRuleRepository;
  readonly settings: ProviderSettingsRepository;
  readonly usage: DailyUsageQuery;
  readonly balances: ProviderBalanceRepository;
  readonly audit: AuditLogWriter;
  readonly tables: RoutingTablesQuery;

  constructor(manager: EntityManager) {
    this.rules = new RoutingRuleRepository(manager);
    this.settings = new ProviderSettingsRepository(manager);
    this.usage = new DailyUsageQuery(manager);
    this.balances = new ProviderBalanceRepository(manager);
    this.audit = new AuditLogWriter(manager);
    this.tables = new RoutingTablesQuery(manager);
  }
}

export class TypeOrmRoutingUnitOfWork implements RoutingUnitOfWork {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (store: RoutingStore) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(new TypeOrmRoutingStore(manager)));
  }
}
