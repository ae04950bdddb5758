import { createHash, type Hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { ProblemError } from '@libs/platform/http';

export const payloadTooLarge = (maxBytes: number): ProblemError =>
  new ProblemError(
    'payload_too_large',
    `the batch is larger than ${maxBytes} bytes (BATCH_MAX_BYTES): split it into smaller batches`,
  );

/** A Content-Length already over the cap: refused before a byte is read. */
export function declaredTooLarge(contentLength: string | undefined, maxBytes: number): boolean {
  return contentLength !== undefined && /^\d+$/.test(contentLength) && Number(contentLength) > maxBytes;
}

/**
 * The request body as it streams in, at most `maxBytes` (one more byte: 413), fed to `hash` as it goes. Stopping early
 * leaves the request readable (it is not destroyed): the controller drains it so the answer reaches the client.
 */
export async function* cappedBody(request: Readable, maxBytes: number, hash?: Hash): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of request.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) throw payloadTooLarge(maxBytes);
    hash?.update(chunk);
    yield chunk;
  }
}

/** The whole body, within the cap (a JSON batch is parsed once it is all there). */
export async function readCappedBody(request: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of cappedBody(request, maxBytes)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

export const sha256 = (): Hash => createHash('sha256');
