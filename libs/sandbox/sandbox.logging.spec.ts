import { ControlClient } from '@test/support/sandbox/control-client';
import { PientegraClient, withdrawalBody } from '@test/support/sandbox/pientegra-client';
import { startHarness, TEST_CREDENTIALS, uniqueKey, VALID_IBAN } from '@test/support/sandbox/sandbox-harness';
import { sendMoneyText, SipayClient } from '@test/support/sandbox/sipay-client';
import { sleep } from '@test/support/sandbox/webhook-receiver';

describe('sandbox logging', () => {
  it('never writes a credential, a token, a webhook path token or a full IBAN', async () => {
    const lines: string[] = [];
    const record = (obj: object, msg?: string) => lines.push(`${msg ?? ''} ${JSON.stringify(obj)}`);
    const harness = await startHarness({
      webhookRetryBaseMs: 1,
      logger: { info: record, warn: record, error: record, debug: record },
    });
    try {
      harness.receiver.answer = () => 500; // every delivery fails, so the give-up warnings are logged too
      const control = new ControlClient(harness.url);
      const sipay = new SipayClient(harness.url);
      const token = (await sipay.requestToken()).json.access_token as string;
      const ext = uniqueKey('log');
      await sipay.send(sendMoneyText(ext, '2500.13'));
      await sipay.send(sendMoneyText(uniqueKey('log'), '2500.00'));
      await new PientegraClient(harness.url).create(uniqueKey('log'), withdrawalBody('250000'));
      await control.release('sipay', ext);
      await control.mode('pientegra', 'slow');
      await harness.receiver.waitFor(20);
      await sleep(50);

      const written = lines.join('\n');
      expect(written).toContain('webhook given up');
      expect(written).toContain('provider request');
      for (const secret of [
        TEST_CREDENTIALS.pientegraApiKey,
        ...TEST_CREDENTIALS.pientegraWebhookSecrets,
        TEST_CREDENTIALS.sipayClientSecret,
        TEST_CREDENTIALS.sipayWebhookToken,
        token,
        VALID_IBAN,
        '10000000146',
      ]) {
        expect(written).not.toContain(secret);
      }
    } finally {
      await harness.stop();
    }
  });
});
