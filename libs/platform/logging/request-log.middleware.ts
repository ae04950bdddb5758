import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { storage, type Store } from 'nestjs-pino/storage';
import type { Level, Logger } from 'pino';
import { redactPath } from './redaction';
import { requestActorOf } from './request-actor';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Probes and scrapers call these on a schedule: their answers are not logged, whatever the status. */
const UNLOGGED_PATHS = /^\/(health|metrics)/;

type Request = IncomingMessage & { originalUrl?: string };

/** Request ids: the caller's `x-request-id` when it is sane, else a new one; echoed on the response. */
function requestIdOf(request: Request, response: ServerResponse): string {
  const given = request.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  response.setHeader('x-request-id', id);
  return id;
}

/** Only what went wrong is logged (a line per request cost more than many handlers). */
const levelOf = (statusCode: number): Level | undefined =>
  statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : undefined;

const describe = (request: Request, id: string) => ({
  id,
  method: request.method,
  path: redactPath((request.originalUrl ?? request.url ?? '').split('?')[0] ?? ''),
  remoteAddress: request.socket?.remoteAddress,
});

/** What nestjs-pino's Logger reads (`logger`) for lines logged during a request; the child is made on the first. */
class RequestLoggerStore {
  private child?: Logger;

  constructor(
    private readonly rootLogger: Logger,
    private readonly request: Request,
    private readonly id: string,
  ) {}

  get logger(): Logger {
    return (this.child ??= this.rootLogger.child({ req: describe(this.request, this.id) }));
  }
}

/**
 * The request id and request log, in place of pino-http's per-request work: every request gets its id and
 * the `x-request-id` header; a line is written only for an answer ≥ 400 (warn, error from 500), naming the acting
 * client once the auth guard has; and the logger that lines logged during the request go to (Nest's Logger through
 * nestjs-pino, carrying `req`) is made only when such a line is written, not for every request.
 */
export function requestLogMiddleware(rootLogger: Logger) {
  return (request: Request, response: ServerResponse, next: () => void): void => {
    const id = requestIdOf(request, response);
    request.id = id;
    // A probe or scrape is never logged, and it skips the request context too (a line written while answering one goes
    // out without `req`): the first storage.run turns async hooks on for the whole process, a cost on every promise
    // from then on, and in the worker the probes are the only requests.
    if (UNLOGGED_PATHS.test(request.url ?? '')) return next();
    const startedAt = Date.now();
    // 'close' follows every response, answered or cut off, once its status is final.
    response.once('close', () => {
      const level = levelOf(response.statusCode);
      if (level === undefined) return;
      const actor = requestActorOf(request);
      rootLogger[level](
        {
          req: describe(request, id),
          res: { statusCode: response.statusCode },
          responseTime: Date.now() - startedAt,
          ...(actor ? { client: { id: actor.clientId, name: actor.clientName } } : {}),
        },
        level === 'error' ? 'request errored' : 'request completed',
      );
    });
    storage.run(new RequestLoggerStore(rootLogger, request, id) as unknown as Store, next);
  };
}
