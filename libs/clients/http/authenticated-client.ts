import type { Request } from 'express';
import type { Scope } from '../domain/scopes';

/** The caller of a request, set on `req.apiClient` by the auth guard. */
export interface AuthenticatedClient {
  id: string;
  name: string;
  scopes: readonly Scope[];
}

/**
 * Not `req.client`: Node's IncomingMessage already has an own `client` property (a legacy alias of the socket), so
 * "is there a client?" would always say yes there.
 */
export type RequestWithClient = Request & { apiClient?: AuthenticatedClient };

export const authenticatedClientOf = (request: object): AuthenticatedClient | undefined =>
  (request as RequestWithClient).apiClient;

export const hasScope = (client: AuthenticatedClient, scope: Scope): boolean => client.scopes.includes(scope);
