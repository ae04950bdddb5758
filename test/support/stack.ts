import { randomBytes, randomUUID } from 'node:crypto';
import { createClients } from './clients';
import { createFreshDatabase, migrate } from './database';
import { watchApi } from './openapi-responses';
import { freePort, RunningProcess, startApp, startTestWorker, waitForReady, waitUntil } from './processes';

export interface StackOptions {
  /** Extra environment for every process (e.g. SANDBOX_WEBHOOK_DELAY, POLL_TIME_SCALE). */
  env?: Record<string, string>;
  workers?: number;
  label?: string;
  /**
   * A database of the caller's instead of a fresh one on the test server (e.g. on a DisposablePostgres the test
   * restarts). The stack migrates it and leaves it in place on stop().
   */
  databaseUrl?: string;
  /** A Redis of the caller's instead of REDIS_URL (e.g. a DisposableRedis the test restarts). */
  redisUrl?: string;
}

export interface HttpAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/**
 * The whole service as real processes — sandbox, api and worker(s) — on a fresh migrated database and a Redis key
 * prefix of its own, so test files can run side by side. Fast timings by default: webhooks after 50 ms, timeouts held
 * 2 s against a 1 s provider timeout, schedules 1000x sooner.
 */
export class Stack {
  readonly processes: { sandbox?: RunningProcess; api?: RunningProcess; workers: RunningProcess[] } = { workers: [] };
  apiUrl = '';
  sandboxUrl = '';
  /** Health and metrics of each worker started, in start order (processes.workers may drop one it killed). */
  workerUrls: string[] = [];
  databaseUrl = '';
  env: Record<string, string> = {};
  /** An API key with every scope. */
  key = '';
  clientId = '';
  private dropDatabase?: () => Promise<void>;

  static async start(options: StackOptions = {}): Promise<Stack> {
    const stack = new Stack();
    await stack.boot(options);
    return stack;
  }

  private async boot(options: StackOptions): Promise<void> {
    if (options.databaseUrl) {
      this.databaseUrl = options.databaseUrl;
    } else {
      const database = await createFreshDatabase(options.label ?? 'stack');
      this.dropDatabase = database.drop;
      this.databaseUrl = database.url;
    }
    await migrate(this.databaseUrl);
    const [apiPort, sandboxPort] = [await freePort(), await freePort()];
    this.apiUrl = `http://127.0.0.1:${apiPort}`;
    watchApi(this.apiUrl);
    this.sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    this.env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/15',
      REDIS_KEY_PREFIX: `t${randomBytes(4).toString('hex')}:`,
      PORT: String(apiPort),
      SANDBOX_PORT: String(sandboxPort),
      SANDBOX_WEBHOOK_TARGET: this.apiUrl,
      SANDBOX_WEBHOOK_DELAY: '50ms',
      SANDBOX_WEBHOOK_RETRY_BASE: '100ms',
      SANDBOX_TIMEOUT_HOLD: '2s',
      PROVIDER_TIMEOUT: '1s',
      POLL_TIME_SCALE: '0.001',
      // The sandbox shows a Sipay transfer to lookups at once, or at the latest when a held (timed-out) request ends
      // (SANDBOX_TIMEOUT_HOLD), so a "not found" proves the send never landed after a few seconds, not 30 minutes.
      // Without this, a payout whose claimed send a kill stopped waits out the production window past the test's end.
      SIPAY_CONSISTENCY_WINDOW: '5s',
      PIENTEGRA_REQUESTS_PER_MINUTE: '100000',
      ...options.env,
    };
    this.processes.sandbox = startApp('sandbox', this.env);
    this.processes.api = startApp('api', this.env);
    for (let i = 0; i < (options.workers ?? 1); i++) await this.addWorker();
    await waitForReady(apiPort);
    await waitUntil(async () => (await fetch(`${this.sandboxUrl}/_sandbox/providers`)).ok, 30_000, 'the sandbox');
    const [client] = await createClients(this.databaseUrl, [
      { name: 'stack', scopes: ['payouts:write', 'payouts:read', 'ops:read', 'ops:write', 'routing:admin'] },
    ]);
    this.key = client.key;
    this.clientId = client.id;
  }

  /** Another worker; `testRoot` runs it under the test root module, for crash hooks (DISPATCH_FAULT in `extraEnv`). */
  async addWorker(
    extraEnv: Record<string, string> = {},
    options: { testRoot?: boolean } = {},
  ): Promise<RunningProcess> {
    const port = await freePort();
    const env = { ...this.env, WORKER_PORT: String(port), ...extraEnv };
    const worker = options.testRoot ? startTestWorker(env) : startApp('worker', env);
    this.processes.workers.push(worker);
    this.workerUrls.push(`http://127.0.0.1:${port}`);
    await waitForReady(port);
    return worker;
  }

  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpAnswer<T>> {
    const response = await fetch(`${this.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.key}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, body: (text ? JSON.parse(text) : null) as T };
  }

  async sandbox<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.sandboxUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await response.json()) as T;
  }

  /** A routing rule sending half of the payouts to each provider; throws unless it was created. */
  async splitTrafficEvenly(reason: string): Promise<void> {
    const rule = await this.call('POST', '/v1/routing/rules', {
      name: 'half and half',
      priority: 1,
      targets: [
        { provider: 'pientegra', weight: 1 },
        { provider: 'sipay', weight: 1 },
      ],
      reason,
    });
    if (rule.status !== 201) throw new Error(`the routing rule was refused: ${rule.status} ${rule.text}`);
  }

  /** POST /v1/payouts with a new Idempotency-Key; amount's last two digits pick the sandbox scenario. */
  createPayout(
    fields: Record<string, unknown> & { amount: string },
  ): Promise<HttpAnswer<{ id: string; status: string }>> {
    return this.call(
      'POST',
      '/v1/payouts',
      {
        currency: 'TRY',
        beneficiary: { name: 'Ahmet Yılmaz', iban: 'TR320010009999901234567890', nationalId: '10000000146' },
        ...fields,
      },
      { 'idempotency-key': randomUUID() },
    );
  }

  async waitForStatus(payoutId: string, statuses: string[], timeoutMs = 30_000): Promise<Record<string, unknown>> {
    return waitUntil(
      async () => {
        const { body } = await this.call<Record<string, unknown>>(
          'GET',
          `/v1/payouts/${payoutId}?expand=attempts,events`,
        );
        return statuses.includes(String(body.status)) ? body : undefined;
      },
      timeoutMs,
      `payout ${payoutId} to reach ${statuses.join('|')}`,
    );
  }

  async stop(): Promise<void> {
    const all = [this.processes.api, this.processes.sandbox, ...this.processes.workers].filter(
      Boolean,
    ) as RunningProcess[];
    await Promise.all(all.map((p) => p.stop('SIGKILL')));
    await this.dropDatabase?.();
  }
}
