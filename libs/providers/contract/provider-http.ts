import http from 'node:http';
import https from 'node:https';

/**
 * The one way adapters reach a provider: `node:http`/`node:https` on keep-alive agents of their own, with a timeout on
 * the whole exchange, body included. Not the global fetch: its WHATWG streams cost the worker about 1 ms of CPU per
 * call, and `node:http` is what nock intercepts too. Transport failures are values, never exceptions, and
 * their text never carries a header, a body or a query string.
 */
export interface ProviderHttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export type TransportFailure = 'timeout' | 'connection_error';

export type HttpAnswer =
  | { kind: 'response'; status: number; headers: Headers; body: Buffer }
  | { kind: 'no_response'; failure: TransportFailure; detail: string };

const CONNECTION_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

function errorCode(error: unknown): string | undefined {
  const candidate = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = candidate?.code ?? candidate?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Names the failure from the error's class and code only: messages may quote URLs. */
export function classifyTransportError(error: unknown): { failure: TransportFailure; detail: string } {
  const name = (error as { name?: unknown } | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return { failure: 'timeout', detail: 'no answer in time' };
  const code = errorCode(error);
  if (code !== undefined && CONNECTION_CODES.has(code)) return { failure: 'connection_error', detail: code };
  return { failure: 'connection_error', detail: code ?? 'network error' };
}

/**
 * Idle connections are kept for the next call, at most 4 s (undici's default, as with fetch) or a second less than
 * the server's `Keep-Alive: timeout`, so we close them before a provider's load balancer does under our request.
 */
const KEEP_ALIVE = { keepAlive: true, timeout: 4_000 } as const;
const agents = { 'http:': new http.Agent(KEEP_ALIVE), 'https:': new https.Agent(KEEP_ALIVE) } as const;

/** What the global fetch sent unasked, kept so that a provider sees the same request as before. */
const DEFAULT_HEADERS = { accept: '*/*', 'user-agent': 'node' } as const;

const timedOut = (): HttpAnswer => ({ kind: 'no_response', failure: 'timeout', detail: 'no answer in time' });
const failed = (error: unknown): HttpAnswer => ({ kind: 'no_response', ...classifyTransportError(error) });

function headersOf(rawHeaders: string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) headers.append(rawHeaders[i], rawHeaders[i + 1]);
  return headers;
}

export function sendProviderRequest(request: ProviderHttpRequest): Promise<HttpAnswer> {
  return new Promise<HttpAnswer>((resolve) => {
    let outgoing: http.ClientRequest | undefined;
    let settled = false;
    const timer = setTimeout(() => {
      settle(timedOut());
      outgoing?.destroy();
    }, request.timeoutMs);
    const settle = (answer: HttpAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    try {
      const url = new URL(request.url);
      const agent = agents[url.protocol as keyof typeof agents];
      if (!agent) throw Object.assign(new Error('unsupported protocol'), { code: 'ERR_INVALID_PROTOCOL' });
      const transport = url.protocol === 'https:' ? https : http;
      outgoing = transport.request(
        url,
        { method: request.method, headers: { ...DEFAULT_HEADERS, ...request.headers }, agent },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            settle({
              kind: 'response',
              status: response.statusCode ?? 0,
              headers: headersOf(response.rawHeaders),
              body: Buffer.concat(chunks),
            }),
          );
          response.on('error', (error) => settle(failed(error)));
          // The connection closed before the body's end: no answer, as a body cut short is none.
          response.on('close', () => {
            if (!response.complete) settle(failed(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
          });
        },
      );
      outgoing.on('error', (error) => settle(failed(error)));
      outgoing.end(request.body);
    } catch (error) {
      settle(failed(error));
    }
  });
}

export const isTransient = (answer: HttpAnswer): boolean =>
  answer.kind === 'no_response' || answer.status === 429 || answer.status >= 500;
