import type { Request } from 'express';
import { hashApiKey, type AuthenticatedClient, type ClientRecord, type ClientStore, type Scope } from '@libs/clients';
import { setRequestActor } from '@libs/platform/logging';
import type { OpsSessionStore } from './ops-session.store';

export const OPS_SESSION_COOKIE = 'ops_session';
const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Why a browser request to /ops was not let through; the page filter turns it into a redirect or a page. */
export class OpsAccessError extends Error {
  override readonly name = 'OpsAccessError';
  constructor(
    readonly kind: 'login' | 'forbidden',
    message: string,
  ) {
    super(message);
  }
}

/** The named cookie's value; a malformed one (`%E0%A4%A`) is no cookie at all, so it means "not signed in". */
export function cookieValue(request: Request, name: string): string | undefined {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

const toAuthenticated = (client: ClientRecord): AuthenticatedClient => ({
  id: client.id,
  name: client.name,
  scopes: client.scopes,
});

/**
 * Who is asking for /ops: an `Authorization: Bearer` key (as on the JSON API) or the session cookie the login form
 * set. The client is read again on every request, so a revoked key or a removed scope takes effect at once.
 */
export class OpsAccess {
  constructor(
    private readonly clients: ClientStore,
    private readonly sessions: OpsSessionStore,
  ) {}

  async identify(request: Request): Promise<AuthenticatedClient | undefined> {
    const header = request.headers.authorization;
    const key = typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
    if (key) return this.byKey(key);
    const sessionId = cookieValue(request, OPS_SESSION_COOKIE);
    if (!sessionId) return undefined;
    const clientId = await this.sessions.clientIdOf(sessionId);
    const client = clientId ? await this.clients.find(clientId) : undefined;
    return client && client.revokedAt === null ? toAuthenticated(client) : undefined;
  }

  /** The caller, when it holds `scope`; throws OpsAccessError otherwise (no identity: log in; no scope: 403). */
  async requireOrThrow(request: Request, scope: Scope): Promise<AuthenticatedClient> {
    const client = await this.identify(request);
    if (!client) throw new OpsAccessError('login', 'sign in with a key that has ops:read');
    setRequestActor(request, { clientId: client.id, clientName: client.name });
    if (!client.scopes.includes(scope)) throw new OpsAccessError('forbidden', `this key lacks the scope ${scope}`);
    return client;
  }

  /** Checks a key typed into the login form; a session is created only for a key holding ops:read. */
  async login(
    key: string,
  ): Promise<{ ok: true; sessionId: string; client: AuthenticatedClient } | { ok: false; reason: string }> {
    const client = await this.byKey(key.trim());
    if (!client) return { ok: false, reason: 'That key is unknown or revoked.' };
    if (!client.scopes.includes('ops:read')) return { ok: false, reason: 'That key lacks the ops:read scope.' };
    return { ok: true, sessionId: await this.sessions.create(client.id), client };
  }

  async logout(request: Request): Promise<void> {
    const sessionId = cookieValue(request, OPS_SESSION_COOKIE);
    if (sessionId) await this.sessions.destroy(sessionId);
  }

  sessionCookie(sessionId: string, secure: boolean): string {
    return [
      `${OPS_SESSION_COOKIE}=${sessionId}`,
      'Path=/ops',
      'HttpOnly',
      'SameSite=Strict',
      `Max-Age=${this.sessions.ttlSeconds}`,
      ...(secure ? ['Secure'] : []),
    ].join('; ');
  }

  clearedCookie(secure: boolean): string {
    return [
      `${OPS_SESSION_COOKIE}=`,
      'Path=/ops',
      'HttpOnly',
      'SameSite=Strict',
      'Max-Age=0',
      ...(secure ? ['Secure'] : []),
    ].join('; ');
  }

  private async byKey(key: string): Promise<AuthenticatedClient | undefined> {
    if (key.length === 0 || key.length > 200) return undefined;
    const client = await this.clients.findActiveByKeyHash(hashApiKey(key));
    return client ? toAuthenticated(client) : undefined;
  }
}

/**
 * A form post with the session cookie must come from our own page. SameSite=Strict already keeps the cookie off
 * cross-site requests; this also refuses a request whose browser says otherwise (defence in depth).
 */
export function isSameOrigin(request: Request): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
