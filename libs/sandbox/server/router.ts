import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxLogger } from '../sandbox.options';
import { empty, json, readBody, Reply, SandboxRequest, writeReply } from './http-io';
import { isLoopbackAddress } from './loopback';
import type { ProviderModes } from './provider-modes';
import type { RequestLog, RequestLogEntry } from './request-log';
import type { Route } from './route';
import { TimerSet } from './timer-set';

export interface RouterDeps {
  routes: readonly Route[];
  modes: ProviderModes;
  requests: RequestLog;
  timeoutHoldMs: number;
  logger: SandboxLogger;
  now: () => Date;
}

const error = (status: number, code: string, message: string): Reply => json(status, { error: { code, message } });

/** Matches a route, applies the provider mode and the loopback guard, logs provider requests, writes the reply. */
export class Router {
  /** Responses held by scenario 41 or slow mode; cancelled on close. */
  readonly holds = new TimerSet();

  constructor(private readonly deps: RouterDeps) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = this.deps.now();
    const rawUrl = req.url ?? '/';
    const queryAt = rawUrl.indexOf('?');
    const path = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
    const method = req.method ?? 'GET';
    const found = this.match(method, path);
    if (!found.route) {
      req.resume();
      const reply = found.allowed
        ? { ...error(405, 'method_not_allowed', `use ${found.allowed}`), headers: { allow: found.allowed } }
        : error(404, 'not_found', 'no such route');
      return writeReply(res, reply);
    }
    const { route, params } = found;
    if (!route.provider && !isLoopbackAddress(req.socket.remoteAddress)) {
      req.resume();
      return writeReply(res, error(403, 'forbidden', 'the sandbox control API answers loopback callers only'));
    }
    const entry = route.provider ? this.deps.requests.open(route.provider, method, path, receivedAt) : undefined;
    const body = await readBody(req).catch(() => undefined);
    const request: SandboxRequest = {
      method,
      path,
      query: new URLSearchParams(queryAt === -1 ? '' : rawUrl.slice(queryAt + 1)),
      headers: req.headers,
      body: body ?? '',
      params,
      receivedAt,
    };
    const reply =
      body === undefined ? error(413, 'payload_too_large', 'the body is too large') : await this.run(route, request);
    if (entry) this.complete(entry, route, request, reply);
    this.write(res, reply, route);
  }

  private async run(route: Route, request: SandboxRequest): Promise<Reply> {
    if (route.provider && this.deps.modes.get(route.provider) === 'down') return empty(503);
    try {
      return await route.handle(request);
    } catch (failure) {
      this.deps.logger.error(
        { path: request.path, error: { type: (failure as Error).name, message: (failure as Error).message } },
        'sandbox handler failed',
      );
      return error(500, 'internal', 'the sandbox failed to answer');
    }
  }

  private complete(entry: RequestLogEntry, route: Route, request: SandboxRequest, reply: Reply): void {
    entry.status = reply.status;
    entry.reference = request.reference ?? safeReference(route, request) ?? null;
    if (request.chaos !== undefined) entry.chaos = request.chaos;
    this.deps.logger.debug?.(
      {
        provider: entry.provider,
        method: entry.method,
        path: entry.path,
        status: entry.status,
        reference: entry.reference,
      },
      'provider request',
    );
  }

  private write(res: ServerResponse, reply: Reply, route: Route): void {
    const slow = route.provider !== undefined && this.deps.modes.get(route.provider) === 'slow';
    const holdMs = Math.max(reply.holdMs ?? 0, slow ? this.deps.timeoutHoldMs : 0);
    if (holdMs <= 0) return writeReply(res, reply);
    const timer = this.holds.after(holdMs, () => writeReply(res, reply));
    res.on('close', () => this.holds.cancel(timer));
  }

  private match(method: string, path: string): { route?: Route; params: string[]; allowed?: string } {
    const allowed: string[] = [];
    for (const route of this.deps.routes) {
      const captured = route.pattern.exec(path);
      if (!captured) continue;
      if (route.method !== method) {
        allowed.push(route.method);
        continue;
      }
      try {
        return { route, params: captured.slice(1).map((part) => decodeURIComponent(part)) };
      } catch {
        return { params: [] };
      }
    }
    return { params: [], allowed: allowed.length > 0 ? allowed.join(', ') : undefined };
  }
}

function safeReference(route: Route, request: SandboxRequest): string | undefined {
  try {
    return route.referenceOf?.(request);
  } catch {
    return undefined;
  }
}
