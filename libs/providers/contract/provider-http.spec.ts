import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { classifyTransportError, sendProviderRequest } from './provider-http';

describe('sendProviderRequest', () => {
  afterEach(() => nock.cleanAll());

  it('returns status, headers and the body bytes', async () => {
    nock('https://p.test').get('/x').reply(201, Buffer.from('{"a":2505267108142371608}'), { 'x-k': 'v' });
    const answer = await sendProviderRequest({ method: 'GET', url: 'https://p.test/x', headers: {}, timeoutMs: 500 });
    expect(answer).toMatchObject({ kind: 'response', status: 201 });
    if (answer.kind === 'response') {
      expect(answer.body.toString()).toBe('{"a":2505267108142371608}');
      expect(answer.headers.get('x-k')).toBe('v');
    }
  });

  it('sends the method, headers and body it is given, with what the global fetch added unasked', async () => {
    let seen: { headers: Record<string, string>; body: unknown } | undefined;
    nock('https://p.test')
      .post('/y')
      .reply(function (_uri, body) {
        seen = { headers: this.req.headers, body };
        return [200, 'ok'];
      });
    await sendProviderRequest({
      method: 'POST',
      url: 'https://p.test/y',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k-1' },
      body: '{"amount":"1"}',
      timeoutMs: 500,
    });
    expect(seen?.body).toEqual({ amount: '1' });
    expect(seen?.headers).toMatchObject({
      'content-type': 'application/json',
      'idempotency-key': 'k-1',
      accept: '*/*',
      'user-agent': 'node',
    });
  });

  it('reports a timeout as a value, not an exception', async () => {
    nock('https://p.test').get('/slow').delay(300).reply(200, 'late');
    const answer = await sendProviderRequest({ method: 'GET', url: 'https://p.test/slow', headers: {}, timeoutMs: 50 });
    expect(answer).toEqual({ kind: 'no_response', failure: 'timeout', detail: 'no answer in time' });
  });

  describe('against a real socket', () => {
    let server: Server;
    let url: string;
    // The client ports of requests to `/` only: a request of an earlier test that timed out on our side can still
    // reach the server later on a loaded machine.
    const clientPorts: number[] = [];
    beforeAll(async () => {
      // nock's pass-through opens a socket of its own per request (Connection: close): these tests want Node's.
      nock.restore();
      server = createServer((req, res) => {
        if (req.url === '/') clientPorts.push(req.socket.remotePort!);
        if (req.url === '/reset') req.socket.destroy();
        else if (req.url === '/cut') {
          res.writeHead(200, { 'content-length': '100' });
          res.write('partial');
          setTimeout(() => req.socket.destroy(), 20);
        } else res.end('ok');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
      nock.activate();
    });

    it('reports a connection reset as connection_error, naming only the code', async () => {
      const answer = await sendProviderRequest({
        method: 'GET',
        url: `${url}/reset`,
        headers: { authorization: 'Bearer secret-token-1' },
        timeoutMs: 1_000,
      });
      expect(answer).toMatchObject({ kind: 'no_response', failure: 'connection_error' });
      expect(JSON.stringify(answer)).not.toContain('secret-token-1');
    });

    it('reports a body cut short as connection_error, not as a response', async () => {
      const answer = await sendProviderRequest({ method: 'GET', url: `${url}/cut`, headers: {}, timeoutMs: 1_000 });
      expect(answer).toMatchObject({ kind: 'no_response', failure: 'connection_error' });
    });

    it('times out a body that never ends', async () => {
      const answer = await sendProviderRequest({ method: 'GET', url: `${url}/cut`, headers: {}, timeoutMs: 5 });
      expect(answer).toEqual({ kind: 'no_response', failure: 'timeout', detail: 'no answer in time' });
    });

    it('keeps the connection alive between calls: the second request comes over the same socket', async () => {
      clientPorts.length = 0;
      const first = await sendProviderRequest({ method: 'GET', url, headers: {}, timeoutMs: 1_000 });
      const second = await sendProviderRequest({ method: 'POST', url, headers: {}, body: '{}', timeoutMs: 1_000 });
      expect([first.kind, second.kind]).toEqual(['response', 'response']);
      if (first.kind === 'response') expect(first.headers.get('connection')).not.toBe('close');
      expect(clientPorts).toHaveLength(2);
      expect(clientPorts[1]).toBe(clientPorts[0]);
    });
  });
});

describe('classifyTransportError', () => {
  it('names timeouts and connection failures from class and code only', () => {
    expect(classifyTransportError(new DOMException('x', 'TimeoutError')).failure).toBe('timeout');
    expect(classifyTransportError({ code: 'ECONNRESET', message: 'https://user:pw@host' })).toEqual({
      failure: 'connection_error',
      detail: 'ECONNRESET',
    });
    expect(
      classifyTransportError(Object.assign(new TypeError('fetch failed'), { cause: { code: 'UND_ERR_SOCKET' } })),
    ).toEqual({
      failure: 'connection_error',
      detail: 'UND_ERR_SOCKET',
    });
    expect(classifyTransportError(new Error('weird')).detail).toBe('network error');
  });
});
