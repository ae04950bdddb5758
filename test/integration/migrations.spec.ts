import { readdirSync } from 'node:fs';
import { MIGRATIONS } from '../../migrations';
import { createFreshDatabase, migrate, queryOnce, runCommand } from '../support/database';

describe('migrations', () => {
  let database: Awaited<ReturnType<typeof createFreshDatabase>>;

  beforeAll(async () => {
    database = await createFreshDatabase('migrations');
  });
  afterAll(() => database.drop());

  it('lists every migration file of migrations/ in migrations/index.ts, in timestamp order', () => {
    const files = readdirSync('migrations')
      .filter((file) => /^\d{13}-[a-z0-9-]+\.ts$/.test(file))
      .map((file) => file.replace(/\.ts$/, ''))
      .sort();
    const listed = MIGRATIONS.map((migration) => (migration as unknown as { name: string }).name);
    expect(listed).toHaveLength(files.length);
    const timestamps = listed.map((name) => Number(/(\d{13})$/.exec(name)?.[1]));
    expect(timestamps).toEqual([...timestamps].sort((a, b) => a - b));
    expect(timestamps).toEqual(files.map((file) => Number(file.slice(0, 13))));
  });

  it('apply to an empty database, then a second run changes nothing', async () => {
    await migrate(database.url);
    const applied = await queryOnce<{ name: string }>(database.url, 'select name from schema_migrations order by id');
    expect(applied.map((row) => row.name)).toEqual(MIGRATIONS.map((m) => (m as unknown as { name: string }).name));
    await migrate(database.url);
    expect(await queryOnce(database.url, 'select name from schema_migrations')).toHaveLength(MIGRATIONS.length);
  });

  it('leave no drift: migration:generate finds nothing to generate', async () => {
    const result = await runCommand('node', ['scripts/migration-generate.mjs', '--check'], {
      DATABASE_URL: database.url,
    });
    expect(result.output).toContain('No changes in database schema were found');
    expect(result.code).toBe(0);
  });

  it('revert cleanly with their down(), and apply again', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) {
      const result = await runCommand(
        'node',
        [
          '-r',
          '@swc-node/register',
          'node_modules/typeorm/cli.js',
          'migration:revert',
          '-d',
          'libs/manifest/data-source.ts',
        ],
        { DATABASE_URL: database.url },
      );
      expect(result.code).toBe(0);
    }
    const tables = await queryOnce<{ table_name: string }>(
      database.url,
      "select table_name from information_schema.tables where table_schema = 'public' and table_name <> 'schema_migrations'",
    );
    expect(tables).toEqual([]);
    await migrate(database.url);
    expect(await queryOnce(database.url, 'select name from schema_migrations')).toHaveLength(MIGRATIONS.length);
  });
});
