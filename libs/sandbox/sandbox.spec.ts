import { createSandbox } from './sandbox';
import { ControlClient } from '@test/support/sandbox/control-client';
import { PientegraClient, withdrawalBody } from '@test/support/sandbox/pientegra-client';
import { startHarness, TEST_CREDENTIALS, uniqueKey } from '@test/support/sandbox/sandbox-harness';

describe('createSandbox', () => {
  it('listens on a free port when asked for port 0 and reports its base URL', async () => {
    const sandbox = createSandbox({
      port: 0,
      webhookTarget: 'http://127.0.0.1:9',
      webhookDelayMs: 1_000,
      timeoutHoldMs: 1_000,
      tokenTtlMs: 1_000,
      ...TEST_CREDENTIALS,
      pientegraWebhookSecrets: ['whsec_only'],
    });
    const { port, url } = await sandbox.listen();
    try {
      expect(port).toBeGreaterThan(0);
      expect(url).toBe(`http://127.0.0.1:${port}`);
      expect((await new ControlClient(url).transfers()).json).toEqual({ data: [] });
    } finally {
      await sandbox.close();
    }
  });

  it('refuses to start without a Pientegra webhook secret to sign with', () => {
    expect(() =>
      createSandbox({
        port: 0,
        webhookTarget: 'http://127.0.0.1:9',
        webhookDelayMs: 1,
        timeoutHoldMs: 1,
        tokenTtlMs: 1,
        ...TEST_CREDENTIALS,
        pientegraWebhookSecrets: [],
      }),
    ).toThrow('webhook secret');
  });

  it('close() returns promptly with a held answer outstanding and sends no webhook afterwards', async () => {
    const harness = await startHarness({ webhookDelayMs: 100, timeoutHoldMs: 5_000 });
    const held = new PientegraClient(harness.url)
      .create(uniqueKey('close'), withdrawalBody('250041'))
      .catch(() => 'aborted');
    await new Promise((resolve) => setTimeout(resolve, 30));
    const started = Date.now();
    await harness.sandbox.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await held).toBe('aborted');
    expect(await harness.receiver.settle(200)).toEqual([]);
    await harness.receiver.stop();
  });
});
