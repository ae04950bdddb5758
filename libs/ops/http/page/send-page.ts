import type { Response } from 'express';
import type { SafeHtml } from './html';

/** No scripts, no outside resources, no framing: the page needs none, so the browser is told to allow none. */
export const OPS_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function sendPage(response: Response, page: SafeHtml, status = 200): void {
  response
    .status(status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': OPS_PAGE_CSP,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      // same-origin, not no-referrer: with no-referrer the browser sends `Origin: null` on our own form posts.
      'Referrer-Policy': 'same-origin',
    })
    .send(page.value);
}
