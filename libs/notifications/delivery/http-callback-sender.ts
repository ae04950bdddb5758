import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { CallbackRequest, CallbackResponse, CallbackSender } from '../application';

const EXCERPT_BYTES = 1_024;

/**
 * POSTs a signed notification with node:http(s). Name resolution is pinned to the addresses the SSRF guard checked
 * (the `lookup` hook), so the connection cannot go anywhere the guard did not see; TLS still verifies the
 * certificate for the URL's host name. No redirects are followed: a 3xx is a failed try like any non-2xx.
 */
export class HttpCallbackSender implements CallbackSender {
  send(request: CallbackRequest): Promise<CallbackResponse> {
    const { url } = request;
    const pinned = request.addresses.map((address) => ({ address, family: isIP(address) }));
    let lastAddress: string | undefined = pinned[0]?.address;
    const lookup = ((_hostname, options, callback) => {
      const family = typeof options === 'object' ? options.family : undefined;
      const usable = pinned.filter((entry) => !family || entry.family === family);
      if (usable.length === 0) {
        callback(Object.assign(new Error('no checked address of the requested family'), { code: 'ENOTFOUND' }), '', 0);
        return;
      }
      lastAddress = usable[0].address;
      if (typeof options === 'object' && options.all) (callback as (...args: unknown[]) => void)(null, usable);
      else callback(null, usable[0].address, usable[0].family);
    }) as LookupFunction;

    return new Promise<CallbackResponse>((resolve) => {
      let settled = false;
      const finish = (response: CallbackResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(response);
      };
      const transport = url.protocol === 'https:' ? https : http;
      const req = transport.request(
        url,
        {
          method: 'POST',
          agent: false,
          lookup,
          headers: {
            ...request.headers,
            'content-length': String(Buffer.byteLength(request.body)),
            'user-agent': 'payouts-notifications/1',
          },
        },
        (res) => {
          const address = res.socket?.remoteAddress ?? lastAddress;
          const chunks: Buffer[] = [];
          let kept = 0;
          res.on('data', (chunk: Buffer) => {
            if (kept >= EXCERPT_BYTES) return;
            chunks.push(chunk.subarray(0, EXCERPT_BYTES - kept));
            kept += Math.min(chunk.length, EXCERPT_BYTES - kept);
          });
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            finish({
              outcome: status >= 200 && status < 300 ? 'delivered' : 'http_error',
              httpStatus: status,
              ...(address ? { address } : {}),
              responseExcerpt: Buffer.concat(chunks).toString('utf8'),
            });
          });
          res.on('error', (error) =>
            finish({ outcome: 'network_error', httpStatus: res.statusCode, error: describe(error), address }),
          );
        },
      );
      const timer = setTimeout(() => {
        finish({
          outcome: 'timeout',
          error: `no complete answer within ${request.timeoutMs} ms`,
          ...(lastAddress ? { address: lastAddress } : {}),
        });
        req.destroy();
      }, request.timeoutMs);
      req.on('error', (error) =>
        finish({ outcome: 'network_error', error: describe(error), ...(lastAddress ? { address: lastAddress } : {}) }),
      );
      req.end(request.body);
    });
  }
}

/** The error's code and message; node's network errors name the address and port, never anything of ours. */
function describe(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
}
