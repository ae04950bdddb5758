import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { isSameOrigin, OpsAccessError, type OpsAccess } from '../access/ops-access';
import { errorPage } from '../page/login.view';
import { sendPage } from '../page/send-page';

/** bull-board's own page references a web font; this policy keeps the browser from fetching anything off-site. */
const QUEUES_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

const READS = new Set(['GET', 'HEAD']);

/**
 * The check in front of /ops/queues (bull-board is an Express router, so the API guards never see it): the same
 * key or session as /ops; ops:read to look, ops:write to retry, promote or remove jobs.
 */
export function queuesBoardAccess(access: OpsAccess): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const scope = READS.has(request.method) ? 'ops:read' : 'ops:write';
    access
      .requireOrThrow(request, scope)
      .then(() => {
        if (!READS.has(request.method) && !isSameOrigin(request)) {
          throw new OpsAccessError('forbidden', 'queue actions must come from the queue dashboard');
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
