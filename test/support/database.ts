import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The Postgres server `npm test` provided (without a database name). */
export function testDatabaseServer(): string {
  const server = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
  return server.replace(/\/$/, '');
}

async function onServer<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: `${testDatabaseServer()}/postgres` });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new empty database of this test file's own, so test files can run in parallel. */
export async function createFreshDatabase(
  label: string,
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `t_${label.replace(/[^a-z0-9]/g, '_')}_${randomBytes(4).toString('hex')}`;
  await onServer((client) => client.query(`create database "${name}"`));
  return {
    name,
    url: `${testDatabaseServer()}/${name}`,
    drop: () =>
      onServer((client) => client.query(`drop database if exists "${name}" with (force)`)).then(() => undefined),
  };
}

export interface CommandResult {
  code: number;
  output: string;
}

export function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: process.cwd(), env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

const TYPEORM_CLI = ['-r', '@swc-node/register', 'node_modules/typeorm/cli.js'];
const DATA_SOURCE = ['-d', 'libs/manifest/data-source.ts'];

export async function migrate(databaseUrl: string): Promise<void> {
  const result = await runCommand('node', [...TYPEORM_CLI, 'migration:run', ...DATA_SOURCE], {
    DATABASE_URL: databaseUrl,
  });
  if (result.code !== 0) throw new Error(`migrations failed:\n${result.output}`);
}

export async function queryOnce<T extends Record<string, unknown>>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}
