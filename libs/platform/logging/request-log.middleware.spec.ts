import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { storage } from 'nestjs-pino/storage';
import pino from 'pino';
import { requestLogMiddleware } from './request-log.middleware';

function harness() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(
        ...chunk
          .toString()
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line)),
      );
      callback();
    },
  });
  const logger = pino({ level: 'info' }, destination);
  const request = (headers: Record<string, string> = {}, url = '/v1/payouts?limit=1') =>
    Object.assign(new EventEmitter(), { headers, url, method: 'GET', socket: { remoteAddress: '10.0.0.7' } });
  const response = () => {
    const headers = new Map<string, string>();
    return Object.assign(new EventEmitter(), {
      statusCode: 200,
      headers,
      setHeader: (name: string, value: string) => headers.set(name, value),
    });
  };
  const run = (req: EventEmitter, res: EventEmitter, inside: () => void = () => undefined) =>
    requestLogMiddleware(logger)(req as unknown as IncomingMessage, res as unknown as ServerResponse, inside);
  const flushed = () => new Promise((resolve) => setImmediate(resolve));
  return { lines, request, response, run, flushed };
}

describe('requestLogMiddleware', () => {
  it('echoes a sane x-request-id and replaces anything else with a new id', () => {
    const { request, response, run } = harness();
    const given = response();
    run(request({ 'x-request-id': 'req-123' }), given);
    expect(given.headers.get('x-request-id')).toBe('req-123');
    const hostile = response();
    run(request({ 'x-request-id': 'bad id\nwith newline' }), hostile);
    expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes nothing for an answer below 400, and one warn line with the request for a 4xx', async () => {
    const { lines, request, response, run, flushed } = harness();
    const ok = response();
    run(request({ 'x-request-id': 'fine' }), ok);
    ok.emit('close');
    const refused = Object.assign(response(), { statusCode: 404 });
    run(request({ 'x-request-id': 'missing' }), refused);
    refused.emit('close');
    await flushed();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      req: { id: 'missing', method: 'GET', path: '/v1/payouts', remoteAddress: '10.0.0.7' },
      res: { statusCode: 404 },
    });
  });

  it('gives lines logged during the request the request, through nestjs-pino, only when one is logged', async () => {
    const { lines, request, response, run, flushed } = harness();
    run(request({ 'x-request-id': 'inside' }), response(), () => storage.getStore()?.logger.info('working on it'));
    await flushed();
    expect(lines).toEqual([
      expect.objectContaining({ msg: 'working on it', req: expect.objectContaining({ id: 'inside' }) }),
    ]);
  });

  it('runs probes and scrapes outside the request context (never entered, no async hooks), still with their id', () => {
    const { request, response, run } = harness();
    const contexts: boolean[] = [];
    const probe = response();
    run(request({ 'x-request-id': 'probe-1' }, '/health/live'), probe, () => contexts.push(!!storage.getStore()));
    run(request({}, '/metrics'), response(), () => contexts.push(!!storage.getStore()));
    run(request({}, '/v1/payouts'), response(), () => contexts.push(!!storage.getStore()));
    expect(contexts).toEqual([false, false, true]);
    expect(probe.headers.get('x-request-id')).toBe('probe-1');
  });
});
