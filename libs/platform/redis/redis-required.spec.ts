import { ProblemError } from '../http/error-codes';
import { requireRedis } from './redis-required';

describe('requireRedis', () => {
  it('passes the answer through while Redis answers', async () => {
    await expect(requireRedis('signing in', async () => 'OK')).resolves.toBe('OK');
  });

  it('turns a failed command into 503 service_unavailable with Retry-After, without the driver text', async () => {
    const refused = await requireRedis('signing in', async () => {
      throw new Error("Stream isn't writeable and enableOfflineQueue options is false");
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ProblemError);
    expect(refused).toMatchObject({
      code: 'service_unavailable',
      message: 'signing in needs Redis, which is unreachable right now; try again shortly',
      headers: { 'Retry-After': '5' },
    });
    expect((refused as Error).message).not.toContain('Stream');
  });
});
