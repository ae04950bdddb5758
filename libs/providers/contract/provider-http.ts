/**
 * The one way adapters reach a provider: Node's global fetch (undici, keep-alive connections reused) with a timeout
 * on the whole exchange, body included. Transport failures are values, never exceptions, and their text never
 * carries a header, a body or a query string.
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

export async function sendProviderRequest(request: ProviderHttpRequest): Promise<HttpAnswer> {
  const signal = AbortSignal.timeout(request.timeoutMs);
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal,
    });
    const body = Buffer.from(await response.arrayBuffer());
    return { kind: 'response', status: response.status, headers: response.headers, body };
  } catch (error) {
    return { kind: 'no_response', ...classifyTransportError(error) };
  }
}

export const isTransient = (answer: HttpAnswer): boolean =>
  answer.kind === 'no_response' || answer.status === 429 || answer.status >= 500;
