import { createServer, get, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Response } from 'express';
import { writeChunks } from './write-chunks';

const CHUNK = 'x'.repeat(64 * 1024);

/** A server whose one route writes `count` chunks of 64 KiB through writeChunks, counting how many were produced. */
async function serve(count: number, failAt?: number) {
  const state = { produced: 0, finished: false, error: undefined as Error | undefined };
  async function* chunks(): AsyncGenerator<string> {
    try {
      for (let i = 1; i < count; i += 1) {
        if (i === failAt) throw new Error('the database went away');
        state.produced += 1;
        yield CHUNK;
      }
    } finally {
      state.finished = true;
    }
  }
  const server: Server = createServer((_request, response) => {
    const rest = chunks();
    state.produced += 1;
    writeChunks(response as unknown as Response, { done: false, value: CHUNK }, rest).catch((error: Error) => {
      state.error = error;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { state, url, close: () => new Promise((resolve) => server.close(resolve)) };
}

const request = (url: string) => new Promise<IncomingMessage>((resolve) => get(url, resolve));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('writeChunks', () => {
  it('writes every chunk and ends the answer', async () => {
    const s = await serve(20);
    const response = await request(s.url);
    let bytes = 0;
    for await (const part of response) bytes += (part as Buffer).length;
    expect(bytes).toBe(20 * CHUNK.length);
    expect(s.state.finished).toBe(true);
    await s.close();
  });

  it('produces no more than the socket buffers hold while the reader does not read (backpressure)', async () => {
    const s = await serve(3_000); // 192 MiB if produced without waiting
    const response = await request(s.url);
    response.pause();
    await sleep(300);
    const produced = s.state.produced;
    expect(produced).toBeLessThan(200); // socket and kernel buffers: a few MiB at most
    await sleep(200);
    expect(s.state.produced).toBe(produced);
    response.destroy();
    await sleep(100);
    expect(s.state.finished).toBe(true); // the reader left: the sequence was closed, no further reads
    expect(s.state.produced).toBe(produced);
    await s.close();
  });

  it('cuts the connection on a failure after the first bytes, so the reader cannot take a partial file as whole', async () => {
    const s = await serve(50, 10);
    const response = await request(s.url);
    const outcome = await new Promise<string>((resolve) => {
      response.on('data', () => undefined);
      response.on('end', () => resolve('ended'));
      response.on('error', () => resolve('aborted'));
      response.on('aborted', () => resolve('aborted'));
    });
    expect(outcome).toBe('aborted');
    expect(s.state.error?.message).toBe('the database went away');
    await s.close();
  });
});
