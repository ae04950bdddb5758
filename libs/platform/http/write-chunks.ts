import { once } from 'node:events';
import type { Response } from 'express';

/** Resolves on the first of the answer's `drain` and `close`, leaving no listener behind. */
async function drainedOrClosed(response: Response): Promise<void> {
  const done = new AbortController();
  try {
    await Promise.race([
      once(response, 'drain', { signal: done.signal }),
      once(response, 'close', { signal: done.signal }),
    ]);
  } finally {
    done.abort();
  }
}

/**
 * Writes an async sequence of chunks to an answer with backpressure: after a write the socket's buffer cannot take,
 * waits for `drain` before asking for the next chunk, so a slow reader slows the reads instead of filling memory.
 * Stops reading when the reader goes away. A failure after the first write cannot become an error answer any more:
 * the connection is destroyed (the reader sees a cut transfer, not a file that looks whole) and the error rethrown
 * for the exception filter to log.
 */
export async function writeChunks(
  response: Response,
  first: IteratorResult<string>,
  rest: AsyncGenerator<string>,
): Promise<void> {
  let closed = false;
  const onClose = () => {
    closed = true;
  };
  response.once('close', onClose);
  const gone = () => closed || response.destroyed;
  try {
    for (let next = first; !next.done; next = await rest.next()) {
      if (!response.write(next.value)) await drainedOrClosed(response);
      if (gone()) {
        await rest.return(undefined);
        return;
      }
    }
    response.end();
  } catch (error) {
    response.destroy();
    throw error;
  } finally {
    response.off('close', onClose);
  }
}
