import { parseArgs } from 'node:util';
import { InvalidClientInputError, type ClientAdmin } from '../application/client-admin';
import type { ClientRecord } from '../application/client-store.port';
import { InvalidScopesError, parseScopesOrThrow } from '../domain/scopes';

export interface CommandIo {
  /** stdout: the answer only (with --json, exactly one JSON line). */
  out(line: string): void;
  /** stderr: everything for people. */
  err(line: string): void;
}

export const CLIENT_COMMANDS = ['clients:create', 'clients:list', 'clients:revoke'] as const;
export type ClientCommand = (typeof CLIENT_COMMANDS)[number];

/** Exit codes: 0 done, 1 failed (database), 2 the command line is wrong (usage, unknown scope, no such client). */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export const CLIENTS_USAGE = [
  'npm run cli -- clients:create --name <name> --scopes <scope,scope> [--callback-url <https url>] [--json]',
  'npm run cli -- clients:list [--json]',
  'npm run cli -- clients:revoke <client id> [--reason <text>] [--json]',
].join('\n');

class UsageError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const summary = (client: ClientRecord) => ({
  id: client.id,
  name: client.name,
  scopes: client.scopes,
  callbackUrl: client.callbackUrl,
  revokedAt: client.revokedAt?.toISOString() ?? null,
  createdAt: client.createdAt.toISOString(),
});

/** Runs one clients:* command. Keys and webhook secrets are printed once, by create, and never again. */
export async function runClientsCommand(
  command: ClientCommand,
  args: string[],
  admin: ClientAdmin,
  operator: string,
  io: CommandIo,
): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        name: { type: 'string' },
        scopes: { type: 'string' },
        'callback-url': { type: 'string' },
        reason: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    const json = values.json === true;
    if (command === 'clients:create') {
      if (!values.name || !values.scopes) throw new UsageError('clients:create needs --name and --scopes');
      const scopes = parseScopesOrThrow(values.scopes);
      const created = await admin.create({ name: values.name, scopes, callbackUrl: values['callback-url'], operator });
      const answer = {
        id: created.client.id,
        key: created.key,
        ...(created.webhookSecret ? { webhookSecret: created.webhookSecret } : {}),
      };
      if (json) io.out(JSON.stringify(answer));
      else {
        io.out(`client ${created.client.name} created: ${created.client.id} (scopes ${scopes.join(', ')})`);
        io.out(`API key (shown once, only its hash is stored): ${created.key}`);
        if (created.webhookSecret) io.out(`webhook signing secret (shown once): ${created.webhookSecret}`);
      }
      return EXIT.ok;
    }
    if (command === 'clients:list') {
      const clients = (await admin.list()).map(summary);
      if (json) io.out(JSON.stringify(clients));
      else
        for (const c of clients)
          io.out(`${c.id}  ${c.name}  [${c.scopes.join(',')}]${c.revokedAt ? `  revoked ${c.revokedAt}` : ''}`);
      return EXIT.ok;
    }
    const [id, extra] = positionals;
    if (!id || extra !== undefined) throw new UsageError('clients:revoke needs exactly one client id');
    if (!UUID.test(id) || !(await admin.revoke(id, operator, values.reason ?? null))) {
      io.err(`no client ${id}`);
      return EXIT.usage;
    }
    if (json) io.out(JSON.stringify({ id, revoked: true }));
    else io.out(`client ${id} revoked`);
    return EXIT.ok;
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof InvalidScopesError ||
      error instanceof InvalidClientInputError
    ) {
      io.err(`${error.message}\nusage:\n${CLIENTS_USAGE}`);
      return EXIT.usage;
    }
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(error as Error).message}\nusage:\n${CLIENTS_USAGE}`);
      return EXIT.usage;
    }
    throw error;
  }
}
