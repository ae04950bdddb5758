import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/** What a handler answers; the router writes it, after `holdMs` when the scenario or the provider mode says so. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Absent = no body at all (some providers' 503 has none). */
  body?: string;
  holdMs?: number;
  /** Chaos mode: destroy the socket instead of answering (a connection reset; the caller gets no HTTP answer). */
  destroySocket?: boolean;
}

/** One parsed provider or control request, as handlers see it. */
export interface SandboxRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** Captures of the route pattern, URL-decoded. */
  params: string[];
  receivedAt: Date;
  /** Set by a provider handler once it knows the request's idempotency reference (for the request log). */
  reference?: string;
  /** Set by a provider handler in chaos mode: the behaviour drawn for this request (for the request log). */
  chaos?: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';

export const jsonText = (status: number, text: string, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'content-type': JSON_TYPE, ...headers },
  body: text,
});

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): Reply =>
  jsonText(status, JSON.stringify(value), headers);

export const empty = (status: number, headers: Record<string, string> = {}): Reply => ({ status, headers });

export const MAX_BODY_BYTES = 1_048_576;

/** Reads the whole body as UTF-8; resolves undefined when it exceeds MAX_BODY_BYTES. */
export function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function writeReply(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.headersSent) return;
  if (reply.destroySocket) {
    res.destroy();
    return;
  }
  const headers: Record<string, string | number> = { ...reply.headers };
  if (reply.body === undefined) {
    headers['content-length'] = 0;
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const body = Buffer.from(reply.body, 'utf8');
  headers['content-length'] = body.length;
  res.writeHead(reply.status, headers);
  res.end(body);
}

/** A header's single value (Node joins most repeated headers; arrays only come from set-cookie-like ones). */
export function header(req: SandboxRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function bearerToken(req: SandboxRequest): string | undefined {
  const value = header(req, 'authorization');
  const match = value ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
  return match ? match[1] : undefined;
}
