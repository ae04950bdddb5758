import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Scope } from '../domain/scopes';
import { authenticatedClientOf, type AuthenticatedClient, type RequestWithClient } from './authenticated-client';

export const SCOPES_METADATA = 'clients:scopes';
export const PUBLIC_METADATA = 'clients:public';

/** The route needs an API key holding every one of these scopes (403 forbidden otherwise). */
export const Scopes = (...scopes: Scope[]) => SetMetadata(SCOPES_METADATA, scopes);

/** No API key needed: health, metrics, docs, provider webhooks (which authenticate by signature or path token). */
export const Public = () => SetMetadata(PUBLIC_METADATA, true);

/** The authenticated caller (`req.apiClient`); only on routes that are not @Public(). */
export const CurrentClient = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedClient => {
  const client = authenticatedClientOf(context.switchToHttp().getRequest<RequestWithClient>());
  if (!client) throw new Error('CurrentClient used on a route the auth guard did not authenticate');
  return client;
});
