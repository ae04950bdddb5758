import { ControlClient } from '@test/support/sandbox/control-client';
import { Harness, SIPAY_HOOK_PATH, startHarness, uniqueKey } from '@test/support/sandbox/sandbox-harness';
import { envelopeOf, sendMoneyText, SipayClient } from '@test/support/sandbox/sipay-client';
import type { ReceivedWebhook } from '@test/support/sandbox/webhook-receiver';
import { numberText, parseSipayJson } from './sipay.json';

/** sandbox.md's Sipay column, row by row (webhook delay 150 ms, timeout hold 300 ms). */
describe('Sipay emulator: scenarios', () => {
  let harness: Harness;
  let sipay: SipayClient;
  let control: ControlClient;

  beforeAll(async () => {
    harness = await startHarness();
    sipay = new SipayClient(harness.url);
    control = new ControlClient(harness.url);
  });
  afterAll(() => harness.stop());

  const hooksOf = (ext: string) => (w: ReceivedWebhook) =>
    w.path === SIPAY_HOOK_PATH && (parseSipayJson(w.body) as { ext_transaction_id: string }).ext_transaction_id === ext;
  const statuses = (hooks: ReceivedWebhook[]) =>
    hooks.map((w) => numberText((parseSipayJson(w.body) as Record<string, unknown>).after_process_status));
  const lookupLevel = async (ext: string) =>
    numberText(envelopeOf(await sipay.lookup(ext)).payload.process_level_status);

  async function submit(amountMajor: string) {
    const ext = uniqueKey(`s${amountMajor.slice(-2)}`);
    const answer = await sipay.send(sendMoneyText(ext, amountMajor));
    return { ext, answer, envelope: envelopeOf(answer) };
  }

  it.each([
    ['00', '2500.00', '1', '1', 'sent'],
    ['52', '2500.52', '1', '1', 'sent'],
    ['21', '2500.21', '2', '2', 'rejected'],
    ['22', '2500.22', '4', '2', 'rejected'],
  ])(
    '%s (amount %s): code 100, then one webhook after_process_status %s; the lookup then says %s',
    async (_code, amount, status, level, rowStatus) => {
      const { ext, envelope } = await submit(amount);
      expect(envelope.code).toBe('100');
      expect(await lookupLevel(ext)).toBe('0');
      const hooks = await harness.receiver.waitFor(1, hooksOf(ext));
      expect(statuses(hooks)).toEqual([status]);
      const transactionId = BigInt(
        numberText((parseSipayJson(hooks[0].body) as Record<string, unknown>).transaction_id) as string,
      );
      expect(transactionId > 0n).toBe(true);
      expect(await harness.receiver.settle(80, hooksOf(ext))).toHaveLength(1);
      expect(await lookupLevel(ext)).toBe(level);
      expect(await control.transfer('sipay', ext)).toMatchObject({
        status: rowStatus,
        webhooks: [{ event: Number(status), httpStatus: 200 }],
      });
    },
  );

  it.each([
    ['13', '2500.13', 'default', '1', 'sent'],
    ['14', '2500.14', 'default', '2', 'rejected'],
    ['13', '3500.13', 'rejected', '2', 'rejected'],
    ['14', '3500.14', 'sent', '1', 'sent'],
  ])(
    '%s (amount %s): manual review, lookup 0 and no webhook; released with outcome %s the lookup says %s, still no webhook',
    async (_code, amount, outcome, level, rowStatus) => {
      const { ext, envelope } = await submit(amount);
      expect(envelope.code).toBe('100');
      expect(await harness.receiver.settle(100, hooksOf(ext))).toEqual([]);
      expect(await lookupLevel(ext)).toBe('0');
      expect((await control.transfer('sipay', ext)).status).toBe('manual_review');
      expect((await control.release('sipay', ext, outcome === 'default' ? undefined : outcome)).status).toBe(200);
      expect(await lookupLevel(ext)).toBe(level);
      expect(await harness.receiver.settle(100, hooksOf(ext))).toEqual([]);
      expect(await control.transfer('sipay', ext)).toMatchObject({ status: rowStatus, webhooks: [] });
    },
  );

  it.each([
    ['31', '2500.31', '311'],
    ['32', '2500.32', '310'],
    ['71', '2500.71', '306'],
  ])('%s (amount %s): code %s, nothing recorded, no webhook', async (_code, amount, code) => {
    const { ext, envelope } = await submit(amount);
    expect([envelope.status?.toString(), envelope.code, envelope.payload]).toEqual(['2', code, null]);
    expect((await control.transfers({ provider: 'sipay', reference: ext })).json.data).toEqual([]);
    expect(await harness.receiver.settle(80, hooksOf(ext))).toEqual([]);
    expect(envelopeOf(await sipay.lookup(ext)).code).toBe('300');
  });

  it('31: says insufficient wallet balance in Sipay’s own words', async () => {
    expect((await submit('2500.31')).envelope.message).toBe(
      'Cüzdan bakiyeniz yetersiz olduğundan işlemi gerçekleştiremiyoruz',
    );
  });

  it('41: records and holds the answer; the same ext_transaction_id answers 301 at once; webhook 1 follows', async () => {
    const ext = uniqueKey('s41');
    const held = sipay.send(sendMoneyText(ext, '2500.41'));
    const hooks = await harness.receiver.waitFor(1, hooksOf(ext));
    expect(statuses(hooks)).toEqual(['1']);
    const duplicate = await sipay.send(sendMoneyText(ext, '2500.41'));
    expect(envelopeOf(duplicate).code).toBe('301');
    expect(duplicate.ms).toBeLessThan(250);
    const original = await held;
    expect(original.ms).toBeGreaterThanOrEqual(290);
    expect(envelopeOf(original).code).toBe('100');
    expect((await control.transfers({ provider: 'sipay', reference: ext })).json.data).toHaveLength(1);
  });

  it('51: the first request per ext_transaction_id answers HTTP 500 and records nothing; the retry behaves as 00', async () => {
    const ext = uniqueKey('s51');
    const first = await sipay.send(sendMoneyText(ext, '2500.51'));
    expect(first.status).toBe(500);
    expect((await control.transfers({ provider: 'sipay', reference: ext })).json.data).toEqual([]);
    expect(envelopeOf(await sipay.lookup(ext)).code).toBe('300');
    const retry = await sipay.send(sendMoneyText(ext, '2500.51'));
    expect([retry.status, envelopeOf(retry).code]).toEqual([200, '100']);
    expect(statuses(await harness.receiver.waitFor(1, hooksOf(ext)))).toEqual(['1']);
  });

  it('61: webhook 1, then webhook 5 after another delay; the lookup still shows the completed record', async () => {
    const { ext } = await submit('2500.61');
    const hooks = await harness.receiver.waitFor(2, hooksOf(ext));
    expect(statuses(hooks)).toEqual(['1', '5']);
    expect(await lookupLevel(ext)).toBe('1');
    expect((await control.transfer('sipay', ext)).status).toBe('returned');
  });

  it('81: every webhook is delivered 3 times with the same body', async () => {
    const { ext } = await submit('2500.81');
    const hooks = await harness.receiver.waitFor(3, hooksOf(ext));
    expect(await harness.receiver.settle(80, hooksOf(ext))).toHaveLength(3);
    expect(new Set(hooks.map((w) => w.body)).size).toBe(1);
    expect(statuses(hooks)).toEqual(['1', '1', '1']);
  });

  it('91: webhook 5 first, then webhook 1; the transfer ends returned', async () => {
    const { ext } = await submit('2500.91');
    expect(statuses(await harness.receiver.waitFor(2, hooksOf(ext)))).toEqual(['5', '1']);
    expect((await control.transfer('sipay', ext)).webhooks.map((w: { event: number }) => w.event)).toEqual([5, 1]);
    expect((await control.transfer('sipay', ext)).status).toBe('returned');
  });
});
