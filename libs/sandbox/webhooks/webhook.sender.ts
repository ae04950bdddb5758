import http from 'node:http';
import https from 'node:https';

export const WEBHOOK_ATTEMPT_TIMEOUT_MS = 10_000;

export interface PostAttempt {
  /** The HTTP status, or null when none came (refused, reset, timed out, aborted). */
  result: Promise<number | null>;
  abort(): void;
}

// Keep-alive: at benchmark rates one new connection per webhook would exhaust ephemeral ports.
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

/** One POST of one webhook body; never rejects. */
export function postWebhook(url: URL, body: string, headers: Record<string, string>): PostAttempt {
  const isHttps = url.protocol === 'https:';
  const transport = isHttps ? https : http;
  const payload = Buffer.from(body, 'utf8');
  let request: http.ClientRequest | undefined;
  const result = new Promise<number | null>((resolve) => {
    request = transport.request(
      url,
      {
        method: 'POST',
        agent: agents[isHttps ? 'https:' : 'http:'],
        timeout: WEBHOOK_ATTEMPT_TIMEOUT_MS,
        headers: { 'content-type': 'application/json', 'content-length': payload.length, ...headers },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? null));
        response.on('error', () => resolve(response.statusCode ?? null));
      },
    );
    request.on('timeout', () => request?.destroy(new Error('webhook attempt timed out')));
    request.on('error', () => resolve(null));
    request.end(payload);
  });
  return { result, abort: () => request?.destroy(new Error('sandbox closing')) };
}
