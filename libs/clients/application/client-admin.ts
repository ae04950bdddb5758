import { plainTextProblem } from '@libs/platform/text';
import type { Clock } from '@libs/platform/time';
import { generateApiKey, generateWebhookSecret, hashApiKey } from '../domain/api-key';
import type { Scope } from '../domain/scopes';
import type { ClientRecord, ClientUnitOfWork, SecretSealer } from './client-store.port';

export interface CreateClientParams {
  name: string;
  scopes: readonly Scope[];
  callbackUrl?: string;
  /** Who ran the command, for the audit log (an OS user name at the CLI). */
  operator: string;
}

/** The only time the key and the webhook secret exist in clear: shown once, then only their hash or seal is kept. */
export interface CreateClientResult {
  client: ClientRecord;
  key: string;
  webhookSecret?: string;
}

export class InvalidClientInputError extends Error {
  override readonly name = 'InvalidClientInputError';
}

/**
 * Validates a callback URL's form at registration, with the same scheme rule delivery applies (https; plain http only
 * in development), so a URL that would never be delivered to is refused now rather than failing every delivery later.
 * Where it may point is checked against the resolved address at delivery time.
 */
export function checkCallbackUrlOrThrow(text: string, options: ClientAdminOptions = { allowPlainHttp: false }): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidClientInputError('--callback-url is not a URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && options.allowPlainHttp)) {
    throw new InvalidClientInputError('--callback-url must use https (plain http is delivered only in development)');
  }
  if (url.username || url.password) throw new InvalidClientInputError('--callback-url must not carry credentials');
  return url.toString();
}

export interface ClientAdminOptions {
  /** NODE_ENV=development: callbacks over plain http are delivered, so they may be registered. */
  allowPlainHttp: boolean;
}

/** Create, list and revoke API clients; every change is written to the audit log in the same transaction. */
export class ClientAdmin {
  constructor(
    private readonly unitOfWork: ClientUnitOfWork,
    private readonly sealer: SecretSealer,
    private readonly clock: Clock,
    private readonly options: ClientAdminOptions = { allowPlainHttp: false },
  ) {}

  create(params: CreateClientParams): Promise<CreateClientResult> {
    const name = params.name.trim();
    if (name.length === 0 || name.length > 100) throw new InvalidClientInputError('--name must be 1 to 100 characters');
    const nameProblem = plainTextProblem(name);
    if (nameProblem) throw new InvalidClientInputError(`--name ${nameProblem}`);
    const callbackUrl =
      params.callbackUrl === undefined ? null : checkCallbackUrlOrThrow(params.callbackUrl, this.options);
    const key = generateApiKey();
    const webhookSecret = callbackUrl === null ? undefined : generateWebhookSecret();
    return this.unitOfWork.run(async ({ clients, audit }) => {
      const now = this.clock.now();
      const client = await clients.insert({
        name,
        keyHash: hashApiKey(key),
        scopes: params.scopes,
        callbackUrl,
        webhookSecretSealed: webhookSecret === undefined ? null : this.sealer.seal(webhookSecret),
        createdAt: now,
      });
      await audit.write(
        {
          actorClientId: null,
          action: 'client.created',
          subjectType: 'client',
          subjectId: client.id,
          reason: null,
          details: { operator: params.operator, name, scopes: params.scopes, callbackUrl },
        },
        now,
      );
      return { client, key, ...(webhookSecret === undefined ? {} : { webhookSecret }) };
    });
  }

  list(): Promise<ClientRecord[]> {
    return this.unitOfWork.run(({ clients }) => clients.list());
  }

  /** False when no such client exists. Revoking twice keeps the first revocation time. */
  revoke(id: string, operator: string, reason: string | null): Promise<boolean> {
    return this.unitOfWork.run(async ({ clients, audit }) => {
      const now = this.clock.now();
      if (!(await clients.revoke(id, now))) return false;
      await audit.write(
        {
          actorClientId: null,
          action: 'client.revoked',
          subjectType: 'client',
          subjectId: id,
          reason,
          details: { operator },
        },
        now,
      );
      return true;
    });
  }
}
