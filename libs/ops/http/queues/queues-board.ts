import type { NextFunction, Request, RequestHandler, Response } from 'express';
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
 */
export function queuesBoardAccess(access: OpsAccess): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    access
      .requireOrThrow(request, 'ops:read')
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
        next(error);
      });
  };
}
