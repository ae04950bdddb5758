import type { FactoryProvider } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PiiCipher } from './pii-cipher';

/**
 * A store over Postgres whose PII columns the payouts' cipher seals and opens, as a Nest provider (the one way every
 * module builds one: the process's DataSource manager and PayoutsModule's PiiCipher).
 */
export function sealedStoreProvider<T>(
  store: new (manager: EntityManager, cipher: PiiCipher) => T,
): FactoryProvider<T> {
  return {
    provide: store,
    inject: [DataSource, PiiCipher],
    useFactory: (dataSource: DataSource, cipher: PiiCipher) => new store(dataSource.manager, cipher),
  };
}
