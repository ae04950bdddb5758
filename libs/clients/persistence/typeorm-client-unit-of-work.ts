import type { DataSource } from 'typeorm';
import type { ClientTransaction, ClientUnitOfWork } from '../application/client-store.port';
import { AuditLogWriter } from './audit-log.writer';
import { ClientRepository } from './client.repository';

export class TypeOrmClientUnitOfWork implements ClientUnitOfWork {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (tx: ClientTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) =>
      work({ clients: new ClientRepository(manager), audit: new AuditLogWriter(manager) }),
    );
  }
}
