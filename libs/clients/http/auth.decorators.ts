import { applyDecorators, Controller, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiTags } from '@nestjs/swagger';
import type { Scope } from '../domain/scopes';
import { ApiProblems } from './api-problems';
import { authenticatedClientOf, type AuthenticatedClient, type RequestWithClient } from './authenticated-client';

export const SCOPES_METADATA = 'clients:scopes';
export const PUBLIC_METADATA = 'clients:public';

/** Where the OpenAPI document reads a route's scopes from (apps/api/src/openapi.ts turns it into `security`). */
export const REQUIRED_SCOPES_EXTENSION = 'x-required-scopes';

/** The route needs an API key holding every one of these scopes (403 forbidden otherwise). */
export const Scopes = (...scopes: Scope[]) =>
  applyDecorators(SetMetadata(SCOPES_METADATA, scopes), ApiExtension(REQUIRED_SCOPES_EXTENSION, scopes));

/**
 * A controller of the client API at `path`, under the document's `tag`: every route needs an API key (401), may need
 * scopes (403) and spends the client's request budget (429), and any route can fail unexpectedly (500).
 */
export const ApiKeyController = (tag: string, path: string) =>
  applyDecorators(ApiTags(tag), ApiProblems('unauthorized', 'forbidden', 'rate_limited', 'internal'), Controller(path));

/** No API key needed: health, metrics, docs, provider webhooks (which authenticate by signature or path token). */
export const Public = () => SetMetadata(PUBLIC_METADATA, true);

/** The authenticated caller (`req.apiClient`); only on routes that are not @Public(). */
export const CurrentClient = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedClient => {
  const client = authenticatedClientOf(context.switchToHttp().getRequest<RequestWithClient>());
  if (!client) throw new Error('CurrentClient used on a route the auth guard did not authenticate');
  return client;
});
