import { hashApiKey } from '@libs/clients';
import { createFreshDatabase, migrate, queryOnce, runCommand } from '../support/database';
import { spawn } from 'node:child_process';

/** `npm run --silent cli -- ...` exactly as the smoke test runs it, with stdout and stderr apart. */
function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'cli', '--', ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

describe('npm run cli -- clients:*', () => {
  let database: Awaited<ReturnType<typeof createFreshDatabase>>;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    database = await createFreshDatabase('payouts_cli');
    await migrate(database.url);
    env = { DATABASE_URL: database.url, NODE_ENV: 'test', LOG_LEVEL: 'info' };
  });
  afterAll(() => database?.drop());

  it('clients:create --json prints { id, key } as the last stdout line and nothing else on stdout', async () => {
    const { code, stdout } = await cli(
      ['clients:create', '--name', 'smoke', '--scopes', 'payouts:write,payouts:read,ops:read', '--json'],
      env,
    );
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const answer = JSON.parse(lines[lines.length - 1]) as { id: string; key: string };
    expect(Object.keys(answer)).toEqual(['id', 'key']);
    const [row] = await queryOnce<{ key_hash: string; scopes: string[] }>(
      database.url,
      'SELECT key_hash, scopes FROM clients WHERE id = $1',
      [answer.id],
    );
    expect(row).toEqual({ key_hash: hashApiKey(answer.key), scopes: ['payouts:write', 'payouts:read', 'ops:read'] });
    const dump = JSON.stringify(await queryOnce(database.url, 'SELECT row_to_json(c) FROM clients c'));
    expect(dump).not.toContain(answer.key);
  });

  it('prints the webhook signing secret once with a callback URL, and keeps it sealed in the database', async () => {
    const { code, stdout } = await cli(
      [
        'clients:create',
        '--name',
        'hooked',
        '--scopes',
        'payouts:read',
        '--callback-url',
        'https://svc.internal/hooks',
        '--json',
      ],
      env,
    );
    expect(code).toBe(0);
    const answer = JSON.parse(stdout.trim().split('\n').at(-1)!) as { id: string; webhookSecret: string };
    expect(answer.webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const [row] = await queryOnce<{ webhook_secret_encrypted: string }>(
      database.url,
      'SELECT webhook_secret_encrypted FROM clients WHERE id = $1',
      [answer.id],
    );
    expect(row.webhook_secret_encrypted).toMatch(/^v1\./);
    expect(row.webhook_secret_encrypted).not.toContain(answer.webhookSecret.slice(6));
  });

  it('refuses an unknown scope with exit code 2 and a message on stderr', async () => {
    const { code, stdout, stderr } = await cli(
      ['clients:create', '--name', 'x', '--scopes', 'payouts:write,root', '--json'],
      env,
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('unknown scope(s) root');
  });

  it('lists clients without keys and revokes one', async () => {
    const { stdout } = await cli(['clients:list', '--json'], env);
    const clients = JSON.parse(stdout.trim()) as { id: string; name: string; revokedAt: string | null }[];
    expect(clients.map((c) => c.name)).toEqual(['smoke', 'hooked']);
    expect(stdout).not.toContain('pk_');
    const revoked = await cli(['clients:revoke', clients[0].id, '--json'], env);
    expect(revoked.code).toBe(0);
    const [row] = await queryOnce<{ revoked_at: Date | null }>(
      database.url,
      'SELECT revoked_at FROM clients WHERE id = $1',
      [clients[0].id],
    );
    expect(row.revoked_at).toBeInstanceOf(Date);
    const audit = await queryOnce<{ action: string }>(
      database.url,
      'SELECT action FROM audit_log ORDER BY created_at, action',
    );
    expect(audit.map((a) => a.action).sort()).toEqual(['client.created', 'client.created', 'client.revoked']);
  });

  it('says how to fix a database without the schema', async () => {
    const empty = await createFreshDatabase('payouts_cli_empty');
    try {
      const result = await runCommand('npm', ['run', '--silent', 'cli', '--', 'clients:list'], {
        DATABASE_URL: empty.url,
      });
      expect(result.code).toBe(1);
      expect(result.output).toContain('npm run migration:run');
    } finally {
      await empty.drop();
    }
  });
});
