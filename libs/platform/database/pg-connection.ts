import type { Pool, PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * The pg Pool TypeORM's postgres driver keeps: for what its `query` cannot send (a named prepared statement, several
 * statements in one round trip, a cursor read page by page), outside any transaction.
 */
export function pgPoolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}

/**
 * The pg connection behind a TypeORM EntityManager: a transaction's own client inside a transaction, else the data
 * source's pool. For what TypeORM's `query` cannot send: a named prepared statement, or several statements in one
 * round trip (its `query` returns nothing for the array of results pg gives back).
 */
export async function pgConnectionOf(manager: EntityManager): Promise<Pool | PoolClient> {
  const runner = manager.queryRunner;
  if (runner) return (await runner.connect()) as PoolClient;
  return pgPoolOf(manager.connection);
}
