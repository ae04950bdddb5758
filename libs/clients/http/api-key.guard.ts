import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemError } from '@libs/platform/http';
import { setRequestActor } from '@libs/platform/logging';
import type { ClientStore } from '../application/client-store.port';
import { hashApiKey } from '../domain/api-key';
import type { Scope } from '../domain/scopes';
import { ActiveKeyCache } from './active-key-cache';
import { PUBLIC_METADATA, SCOPES_METADATA } from './auth.decorators';
import type { RequestWithClient } from './authenticated-client';
import type { FailedAttemptBudget } from './failed-attempt-budget';
import { callerAddressOf, rateLimited } from './rate-limited';

export const CLIENT_STORE = Symbol('CLIENT_STORE');
/** The per-address budget of requests with a missing, unknown or revoked key (a FailedAttemptBudget). */
export const AUTH_FAILURE_BUDGET = Symbol('AUTH_FAILURE_BUDGET');
/** Path prefixes served by platform controllers that cannot carry @Public() (health, metrics). */
export const PUBLIC_PATH_PREFIXES = Symbol('PUBLIC_PATH_PREFIXES');

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * The global guard: every route needs a valid, unrevoked API key unless it is @Public(), and the scopes its @Scopes()
 * names; a key found active is trusted for ACTIVE_KEY_TTL_MS (1 s), so a revocation bites within a second. 401 and 403 leave as problem+json through the filter; `req.apiClient` is set for what follows.
 * An address that keeps sending bad keys spends its failure budget and is then answered 429 before the key lookup,
 * so a flood of guessed keys stops costing database queries.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly activeKeys: ActiveKeyCache;

  constructor(
    private readonly reflector: Reflector,
    @Inject(CLIENT_STORE) clients: ClientStore,
    @Inject(PUBLIC_PATH_PREFIXES) private readonly publicPathPrefixes: readonly string[],
    @Inject(AUTH_FAILURE_BUDGET) private readonly failures: FailedAttemptBudget,
  ) {
    this.activeKeys = new ActiveKeyCache(clients);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<RequestWithClient>();
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_METADATA, targets)) return true;
    if (this.publicPathPrefixes.some((prefix) => request.path === prefix || request.path.startsWith(`${prefix}/`))) {
      return true;
    }

    const address = callerAddressOf(request);
    const waitSeconds = await this.failures.retryAfterSeconds(address);
    if (waitSeconds > 0) throw this.tooManyFailures(waitSeconds);
    const header = request.headers.authorization;
    const key = typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
    if (!key) throw await this.failed(address, 'send the API key as Authorization: Bearer <key>');
    const client = await this.activeKeys.findActiveByKeyHash(hashApiKey(key));
    if (!client) throw await this.failed(address, 'the API key is unknown or revoked');
    request.apiClient = { id: client.id, name: client.name, scopes: client.scopes };
    setRequestActor(request, { clientId: client.id, clientName: client.name });

    const required = this.reflector.getAllAndOverride<Scope[] | undefined>(SCOPES_METADATA, targets) ?? [];
    const missing = required.filter((scope) => !client.scopes.includes(scope));
    if (missing.length > 0) throw new ProblemError('forbidden', `this API key lacks the scope ${missing.join(', ')}`);
    return true;
  }

  private async failed(address: string, detail: string): Promise<ProblemError> {
    const waitSeconds = await this.failures.recordFailure(address);
    return waitSeconds > 0 ? this.tooManyFailures(waitSeconds) : this.unauthorized(detail);
  }

  private tooManyFailures(waitSeconds: number): ProblemError {
    const { limit, windowMs } = this.failures;
    return rateLimited(
      `more than ${limit} requests with a missing or unknown API key in ${Math.round(windowMs / 1000)} s from this address`,
      waitSeconds,
    );
  }

  private unauthorized(detail: string): ProblemError {
    return new ProblemError('unauthorized', detail, undefined, { 'WWW-Authenticate': 'Bearer' });
  }
}
