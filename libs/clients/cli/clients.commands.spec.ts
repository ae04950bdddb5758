import { ClientAdmin, type ClientAdminOptions } from '../application/client-admin';
import type {
  AuditLogEntry,
  ClientRecord,
  ClientStore,
  ClientUnitOfWork,
  NewClient,
} from '../application/client-store.port';
import { hashApiKey } from '../domain/api-key';
import { EXIT, runClientsCommand } from './clients.commands';

function memoryAdmin(options: ClientAdminOptions = { allowPlainHttp: false }) {
  const rows: (NewClient & { id: string; revokedAt: Date | null })[] = [];
  const audits: AuditLogEntry[] = [];
  const toRecord = (row: (typeof rows)[number]): ClientRecord => ({
    id: row.id,
    name: row.name,
    scopes: [...row.scopes],
    callbackUrl: row.callbackUrl,
    hasWebhookSecret: row.webhookSecretSealed !== null,
    revokedAt: row.revokedAt,
    createdAt: row.createdAt,
  });
  const clients: ClientStore = {
    insert: async (client) =>
      toRecord(
        rows[rows.push({ ...client, id: `0193a1b2-3c4d-7e5f-8a9b-00000000000${rows.length}`, revokedAt: null }) - 1],
      ),
    findActiveByKeyHash: async (hash) => rows.filter((r) => r.keyHash === hash && !r.revokedAt).map(toRecord)[0],
    find: async (id) => rows.filter((r) => r.id === id).map(toRecord)[0],
    list: async () => rows.map(toRecord),
    revoke: async (id, now) => {
      const row = rows.find((r) => r.id === id);
      if (row) row.revokedAt ??= now;
      return row !== undefined;
    },
    findSealedWebhookSecret: async (id) => rows.find((r) => r.id === id)?.webhookSecretSealed ?? undefined,
  };
  const unitOfWork: ClientUnitOfWork = {
    run: (work) => work({ clients, audit: { write: async (entry) => void audits.push(entry) } }),
  };
  const admin = new ClientAdmin(
    unitOfWork,
    { seal: (secret) => `sealed(${secret.length})` },
    { now: () => new Date('2026-05-26T10:00:00Z') },
    options,
  );
  return { admin, rows, audits };
}

async function run(admin: ClientAdmin, command: 'clients:create' | 'clients:list' | 'clients:revoke', args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runClientsCommand(command, args, admin, 'operator', {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, out, err };
}

describe('clients CLI commands', () => {
  it('clients:create --json prints one JSON line with the id and the key, and stores only the key hash', async () => {
    const { admin, rows, audits } = memoryAdmin();
    const { code, out, err } = await run(admin, 'clients:create', [
      '--name',
      'smoke',
      '--scopes',
      'payouts:write,payouts:read,ops:read',
      '--json',
    ]);
    expect(code).toBe(EXIT.ok);
    expect(err).toEqual([]);
    expect(out).toHaveLength(1);
    const answer = JSON.parse(out[0]) as { id: string; key: string };
    expect(Object.keys(answer)).toEqual(['id', 'key']);
    expect(rows[0]).toMatchObject({
      id: answer.id,
      keyHash: hashApiKey(answer.key),
      scopes: ['payouts:write', 'payouts:read', 'ops:read'],
    });
    expect(JSON.stringify(rows)).not.toContain(answer.key);
    expect(audits).toEqual([
      expect.objectContaining({ action: 'client.created', subjectId: answer.id, actorClientId: null }),
    ]);
  });

  it('adds the webhook signing secret, once, when a callback URL is given, and stores it sealed', async () => {
    const { admin, rows } = memoryAdmin();
    const { out } = await run(admin, 'clients:create', [
      '--name',
      'cb',
      '--scopes',
      'payouts:write',
      '--callback-url',
      'https://svc.internal/hooks',
      '--json',
    ]);
    const answer = JSON.parse(out[0]) as { webhookSecret: string };
    expect(answer.webhookSecret).toMatch(/^whsec_/);
    expect(rows[0].webhookSecretSealed).toBe(`sealed(${answer.webhookSecret.length})`);
  });

  it('accepts a plain http callback URL in development, where it is delivered', async () => {
    const { admin, rows } = memoryAdmin({ allowPlainHttp: true });
    const args = ['--name', 'x', '--scopes', 'ops:read', '--callback-url', 'http://127.0.0.1:8080/hooks', '--json'];
    const { code } = await run(admin, 'clients:create', args);
    expect(code).toBe(0);
    expect(rows[0].callbackUrl).toBe('http://127.0.0.1:8080/hooks');
  });

  it.each([
    [['--name', 'x', '--scopes', 'payouts:write,payouts:everything'], /unknown scope\(s\) payouts:everything/],
    [['--name', 'x'], /needs --name and --scopes/],
    [['--name', 'x', '--scopes', 'ops:read', '--callback-url', 'ftp://x'], /must use https/],
    [['--name', 'x', '--scopes', 'ops:read', '--callback-url', 'http://shop.example/hooks'], /must use https/],
    [['--name', 'x', '--scopes', 'ops:read', '--colour', 'red'], /Unknown option '--colour'/],
    [['--name', 'billing\u202Eadmin', '--scopes', 'ops:read'], /--name must not contain bidirectional .*U\+202E/],
    [['--name', 'billing\u001b[2J', '--scopes', 'ops:read'], /--name must not contain control characters .*U\+001B/],
  ])('refuses %p with exit code 2 and a message on stderr only', async (args, message) => {
    const { admin, rows } = memoryAdmin();
    const { code, out, err } = await run(admin, 'clients:create', args as string[]);
    expect(code).toBe(EXIT.usage);
    expect(out).toEqual([]);
    expect(err.join('\n')).toMatch(message as RegExp);
    expect(rows).toEqual([]);
  });

  it('clients:list shows no key; clients:revoke revokes once and says when the client does not exist', async () => {
    const { admin, audits } = memoryAdmin();
    const created = JSON.parse(
      (await run(admin, 'clients:create', ['--name', 'a', '--scopes', 'ops:read', '--json'])).out[0],
    ) as { id: string; key: string };
    const listed = await run(admin, 'clients:list', ['--json']);
    expect(listed.out[0]).not.toContain(created.key);
    expect(JSON.parse(listed.out[0])).toEqual([
      expect.objectContaining({ id: created.id, name: 'a', scopes: ['ops:read'], revokedAt: null }),
    ]);

    expect((await run(admin, 'clients:revoke', [created.id, '--reason', 'rotated', '--json'])).out).toEqual([
      JSON.stringify({ id: created.id, revoked: true }),
    ]);
    expect(audits.at(-1)).toMatchObject({ action: 'client.revoked', subjectId: created.id, reason: 'rotated' });
    expect(JSON.parse((await run(admin, 'clients:list', ['--json'])).out[0])[0].revokedAt).toBe(
      '2026-05-26T10:00:00.000Z',
    );
    const missing = await run(admin, 'clients:revoke', ['0193a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b']);
    expect(missing.code).toBe(EXIT.usage);
    expect((await run(admin, 'clients:revoke', ['not-a-uuid'])).code).toBe(EXIT.usage);
  });
});
