import { ClientAdmin, TypeOrmClientUnitOfWork, type Scope } from '@libs/clients';
import { DataSource } from 'typeorm';
import { systemClock } from '@libs/platform/time';

/** Creates API clients straight through the application code the CLI uses, returning their keys. */
export async function createClients(
  databaseUrl: string,
  specs: { name: string; scopes: Scope[]; callbackUrl?: string }[],
): Promise<{ id: string; key: string }[]> {
  const dataSource = new DataSource({ type: 'postgres', url: databaseUrl, entities: [] });
  await dataSource.initialize();
  try {
    const admin = new ClientAdmin(
      new TypeOrmClientUnitOfWork(dataSource),
      { seal: (s) => `test-sealed:${s.length}` },
      systemClock,
      { allowPlainHttp: true }, // local receivers, as in development
    );
    const created: { id: string; key: string }[] = [];
    for (const spec of specs) {
      const result = await admin.create({ ...spec, operator: 'test' });
      created.push({ id: result.client.id, key: result.key });
    }
    return created;
  } finally {
    await dataSource.destroy();
  }
}

export async function revokeClient(databaseUrl: string, id: string): Promise<void> {
  const dataSource = new DataSource({ type: 'postgres', url: databaseUrl, entities: [] });
  await dataSource.initialize();
  try {
    await new ClientAdmin(new TypeOrmClientUnitOfWork(dataSource), { seal: (s) => s }, systemClock).revoke(
      id,
      'test',
      'test',
    );
  } finally {
    await dataSource.destroy();
  }
}
