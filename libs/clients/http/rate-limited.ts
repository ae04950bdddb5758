import { normalizeIp } from '@nestjs/throttler';
import type { Request } from 'express';
import { ProblemError } from '@libs/platform/http';

/**
 * The address a per-address budget is kept for: Express's `req.ip`, which honours the app's `trust proxy` setting;
 * an IPv6 address counts by its /64, as one host usually holds the whole prefix.
 */
export const callerAddressOf = (request: Pick<Request, 'ip'>): string => normalizeIp(request.ip ?? 'unknown');

/** 429 rate_limited with Retry-After (whole seconds, at least 1). */
export function rateLimited(detail: string, retryAfterSeconds: number): ProblemError {
  const retryAfter = String(Math.max(1, Math.ceil(retryAfterSeconds)));
  return new ProblemError('rate_limited', `${detail}; retry after ${retryAfter} s`, undefined, {
    'Retry-After': retryAfter,
  });
}

/**
 * @nestjs/throttler names a named throttler's headers after it (`X-RateLimit-Limit-client`); a route is counted by one
 * budget only, so the plain names clients know (`X-RateLimit-Limit`, `-Remaining`, `-Reset`, `Retry-After`) are
 * unambiguous.
 */
export const withoutThrottlerName = (header: string, throttler: string): string =>
  header.endsWith(`-${throttler}`) ? header.slice(0, -(throttler.length + 1)) : header;
