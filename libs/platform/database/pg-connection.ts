import type { Pool, PoolClient } from 'pg';
import type { EntityManager } from 'typeorm';

/**
 * The pg connection behind a TypeORM EntityManager: a transaction's own client inside a transaction, else the data
 * source's pool. For what TypeORM's `query` cannot send: a named prepared statement, or several statements in one
 * round trip (its `query` returns nothing for the array of results pg gives back).
 */
export async function pgConnectionOf(manager: EntityManager): Promise<Pool | PoolClient> {
  const runner = manager.queryRunner;
  if (runner) return (await runner.connect()) as PoolClient;
  return (manager.connection.driver as unknown as { master: Pool }).master;
}
