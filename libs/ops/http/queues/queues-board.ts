import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type Redis from 'ioredis';
import { ProblemError } from '@libs/platform/http';
import { requireRedis } from '@libs/platform/redis';
import { OpsAccessError, type OpsAccess } from '../access/ops-access';
import { errorPage } from '../page/login.view';
import { sendPage } from '../page/send-page';

/** bull-board's own page references a web font; this policy keeps the browser from fetching anything off-site. */
const QUEUES_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

const READS = new Set(['GET', 'HEAD']);

/** What a refused dashboard action is told: the audited call to use instead. */
const READ_ONLY_ANSWER = {
  error:
    'the queue dashboard is read-only; to put a failed job back, POST /v1/ops/queues/{queue}/jobs/{id}/retry with ' +
    'a reason (ops:write, audited)',
};

/**
 * The check in front of /ops/queues (bull-board is an Express router, so the API guards never see it): the same
 * key or session as /ops, with ops:read, to look. Nothing else gets through: the board's own actions (pause, clean,
 * add, retry, promote, remove) would change the queues with no reason and no audit row, and an added dispatch job
 * could resend a payout. The queue adapters are read-only too (`readOnlyMode`), so the page offers none of them.
 * The queues live in Redis and the board's own connection waits for it: while `failFast` (the FAIL_FAST_REDIS client)
 * cannot reach Redis, the board answers a 503 page at once instead of a request that hangs.
 */
export function queuesBoardAccess(access: OpsAccess, failFast: Redis): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    access
      .requireOrThrow(request, 'ops:read')
      .then(() => requireRedis('the queue dashboard', () => failFast.ping()))
      .then(() => {
        if (!READS.has(request.method)) {
          response.setHeader('Allow', 'GET, HEAD');
          response.status(405).json(READ_ONLY_ANSWER);
          return;
        }
        response.setHeader('Content-Security-Policy', QUEUES_CSP);
        response.setHeader('X-Frame-Options', 'DENY');
        response.setHeader('Cache-Control', 'no-store');
        next();
      })
      .catch((error: unknown) => {
        if (error instanceof OpsAccessError && error.kind === 'login') {
          if (READS.has(request.method) && request.headers.authorization === undefined) {
            response.redirect(303, '/ops/login');
          } else {
            response.status(401).json({ error: 'sign in with a key that has ops:read' });
          }
          return;
        }
        if (error instanceof OpsAccessError) {
          sendPage(response, errorPage({ status: 403, message: error.message }), 403);
          return;
        }
        if (error instanceof ProblemError && error.code === 'service_unavailable') {
          for (const [name, value] of Object.entries(error.headers ?? {})) response.setHeader(name, value);
          sendPage(response, errorPage({ status: 503, message: error.message }), 503);
          return;
        }
        next(error);
      });
  };
}
