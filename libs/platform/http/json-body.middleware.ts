import type { NextFunction, Request, Response } from 'express';
import { ProblemError } from './error-codes';

const hasBody = (request: Request): boolean =>
  request.headers['transfer-encoding'] !== undefined ||
  (request.headers['content-length'] !== undefined && request.headers['content-length'] !== '0');

/**
 * Request bodies are JSON (api.md): a body of another type would reach validation unparsed and be reported as
 * "every field missing", so it is refused up front with 415. A request without a body (a cancel) passes whatever
 * its headers say. Paths under `exceptPrefixes` read their own bodies (raw provider webhooks, the ops page's forms), and
 * so do the `exceptPaths` themselves (exactly those paths: the batch intake reads JSON or CSV as it streams in).
 */
export function requireJsonBodies(exceptPrefixes: readonly string[], exceptPaths: readonly string[] = []) {
  return (request: Request, _response: Response, next: NextFunction): void => {
    if (
      !hasBody(request) ||
      exceptPrefixes.some((prefix) => request.path.startsWith(prefix)) ||
      exceptPaths.includes(request.path)
    )
      return next();
    if (request.is('application/json')) return next();
    const sent = request.headers['content-type'];
    next(
      new ProblemError(
        'unsupported_media_type',
        sent === undefined
          ? 'the request body has no Content-Type; send application/json'
          : `Content-Type ${String(sent).slice(0, 100)} is not accepted; send application/json`,
      ),
    );
  };
}
