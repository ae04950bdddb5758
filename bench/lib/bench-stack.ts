import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { createClients } from '../../test/support/clients';
import { migrate } from '../../test/support/database';
import { freePort, waitForReady, waitUntil, type RunningProcess } from '../../test/support/processes';
import { startAppProcess } from './app-process';
import { readRedisRequests, redisRequestsFolder, type RedisRequests } from './redis-requests';

export interface BenchStackOptions {
  /** postgres://… of the server, without a database name. */
  server: string;
  redisUrl: string;
  label: string;
  workers: number;
  env?: Record<string, string>;
  /** Run the processes from the TypeScript sources through @swc-node/register, as before 0004 (bench --sources). */
  fromSources?: boolean;
  /** API_PROCESSES for the api (bench --api-processes=N); unset, the service's default. */
  apiProcesses?: number;
}

/** Creates a database on `server` and drops it again; the bench keeps nothing between runs. */
export async function createBenchDatabase(
  server: string,
  name: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const onServer = async (sql: string) => {
    const client = new Client({ connectionString: `${server}/postgres` });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await onServer(`CREATE DATABASE "${name}"`);
  return { url: `${server}/${name}`, drop: () => onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/**
 * The service as `npm start` runs it — sandbox, api, worker(s) as separate node processes — on a fresh migrated
 * database and a Redis key prefix of its own, tuned for load: high rate limits, webhooks without delay, warn logs.
 */
export class BenchStack {
  api!: RunningProcess;
  sandbox!: RunningProcess;
  workers: RunningProcess[] = [];
  apiUrl = '';
  sandboxUrl = '';
  databaseUrl = '';
  key = '';
  clientId = '';
  env: Record<string, string> = {};
  /** Set for the api only: API_PROCESSES when the bench was asked for a number of api processes. */
  private apiEnv: Record<string, string> = {};
  private readonly redisRequests = redisRequestsFolder();
  private apiPort = 0;
  private fromSources = false;
  private dropDatabase?: () => Promise<void>;

  static async start(options: BenchStackOptions): Promise<BenchStack> {
    const stack = new BenchStack();
    try {
      await stack.boot(options);
    } catch (error) {
      await stack.stop().catch(() => undefined);
      throw error;
    }
    return stack;
  }

  private async boot(options: BenchStackOptions): Promise<void> {
    this.fromSources = options.fromSources ?? false;
    const database = await createBenchDatabase(options.server, `bench_${options.label}_${Date.now()}`);
    this.dropDatabase = database.drop;
    this.databaseUrl = database.url;
    await migrate(database.url);
    this.apiPort = await freePort();
    const sandboxPort = await freePort();
    this.apiUrl = `http://127.0.0.1:${this.apiPort}`;
    this.sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    this.env = {
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      REDIS_URL: options.redisUrl,
      REDIS_KEY_PREFIX: `bench${randomBytes(4).toString('hex')}:`,
      PORT: String(this.apiPort),
      SANDBOX_PORT: String(sandboxPort),
      SANDBOX_WEBHOOK_TARGET: this.apiUrl,
      SANDBOX_WEBHOOK_DELAY: '0ms',
      PIENTEGRA_REQUESTS_PER_MINUTE: '100000',
      API_RATE_LIMIT_PER_MINUTE: '1000000',
      // Every provider webhook comes from the sandbox on 127.0.0.1, at full speed: the per-address budget is not under test.
      PUBLIC_RATE_LIMIT_PER_MINUTE: '10000000',
      BENCH_REDIS_REQUESTS_PREFIX: join(this.redisRequests, 'process-'),
      ...options.env,
    };
    if (options.apiProcesses !== undefined) this.apiEnv = { API_PROCESSES: String(options.apiProcesses) };
    this.sandbox = startAppProcess('sandbox', this.env, [], this.fromSources);
    this.api = startAppProcess('api', { ...this.env, ...this.apiEnv }, [], this.fromSources);
    for (let i = 0; i < options.workers; i++) await this.addWorker();
    await waitForReady(this.apiPort).catch((error: Error) => {
      throw new Error(`${error.message}; api output:\n${this.api.output().slice(-3_000)}`);
    });
    await waitUntil(async () => (await fetch(`${this.sandboxUrl}/_sandbox/providers`)).ok, 60_000, 'the sandbox');
    const [client] = await createClients(database.url, [
      { name: 'bench', scopes: ['payouts:write', 'payouts:read', 'ops:read', 'ops:write', 'routing:admin'] },
    ]);
    this.key = client.key;
    this.clientId = client.id;
  }

  async addWorker(nodeFlags: readonly string[] = []): Promise<RunningProcess> {
    const port = await freePort();
    const worker = startAppProcess('worker', { ...this.env, WORKER_PORT: String(port) }, nodeFlags, this.fromSources);
    this.workers.push(worker);
    await waitForReady(port).catch((error: Error) => {
      throw new Error(`${error.message}; worker output:\n${worker.output().slice(-3_000)}`);
    });
    return worker;
  }

  /** SIGTERM, so a process started with --cpu-prof writes its profile on the way out. */
  async stopWorkers(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.stop('SIGTERM')));
    this.workers = [];
  }

  /** Restarts the api with node flags (e.g. --cpu-prof); the old one exits cleanly first (writing its profile). */
  async restartApi(nodeFlags: readonly string[] = []): Promise<void> {
    await this.api.stop('SIGTERM');
    this.api = startAppProcess('api', { ...this.env, ...this.apiEnv }, nodeFlags, this.fromSources);
    await waitForReady(this.apiPort).catch((error: Error) => {
      throw new Error(`${error.message}; api output:\n${this.api.output().slice(-3_000)}`);
    });
  }

  /** Requests each role's processes have written to Redis so far (at most 100 ms old). */
  redisRequestsSoFar(): RedisRequests {
    return readRedisRequests(this.redisRequests);
  }

  /** The database's name on the server. */
  get databaseName(): string {
    return new URL(this.databaseUrl).pathname.slice(1);
  }

  async call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  async stop(): Promise<void> {
    await Promise.all([this.api, this.sandbox, ...this.workers].filter(Boolean).map((p) => p.stop('SIGKILL')));
    this.workers = [];
    rmSync(this.redisRequests, { recursive: true, force: true });
    await this.dropDatabase?.();
  }
}
