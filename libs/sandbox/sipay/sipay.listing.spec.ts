import { ControlClient } from '@test/support/sandbox/control-client';
import { Harness, startHarness, uniqueKey } from '@test/support/sandbox/sandbox-harness';
import { envelopeOf, sendMoneyText, SipayClient } from '@test/support/sandbox/sipay-client';
import { sleep } from '@test/support/sandbox/webhook-receiver';

/** The raw text of each result's field, read from the body (ids above 2^53 must arrive exactly). */
const rawValues = (text: string, field: string): string[] =>
  [...text.matchAll(new RegExp(`"${field}":("?[^,"}]+"?)`, 'g'))].map((m) => m[1]);

describe('Sipay emulator: POST /v1/TransactionData/GetRequestWithdrawListByFilter', () => {
  let harness: Harness;
  let sipay: SipayClient;
  let control: ControlClient;

  beforeAll(async () => {
    harness = await startHarness({ webhookDelayMs: 50 });
    sipay = new SipayClient(harness.url);
    control = new ControlClient(harness.url);
  });
  afterAll(() => harness.stop());

  it('pages the records created in [start_date, end_date), oldest first, shaped like the lookup record', async () => {
    const start = new Date().toISOString();
    const refs = [uniqueKey('sl'), uniqueKey('sl'), uniqueKey('sl')];
    for (const ref of refs) {
      await sipay.send(sendMoneyText(ref, '2500.00'));
      await sleep(3);
    }
    const end = new Date(Date.now() + 1).toISOString();
    const first = await sipay.list({ start_date: start, end_date: end, page: 1, page_size: 2 });
    const page1 = envelopeOf(first);
    expect([first.status, page1.code]).toEqual([200, '100']);
    expect(page1.payload.total_count.toString()).toBe('3');
    expect(page1.payload.results.map((r: { ext_transaction_id: string }) => r.ext_transaction_id)).toEqual(
      refs.slice(0, 2),
    );
    const lookupKeys = Object.keys(envelopeOf(await sipay.lookup(refs[0])).payload);
    expect(Object.keys(page1.payload.results[0])).toEqual(lookupKeys);
    // The 64-bit ids are bare numbers in the text, exactly as recorded.
    const recorded = await control.transfer('sipay', refs[0]);
    expect(rawValues(first.text, 'id')[0]).toBe(`"${recorded.providerId}"`);
    const page2 = envelopeOf(await sipay.list({ start_date: start, end_date: end, page: 2, page_size: 2 }));
    expect(page2.payload.results.map((r: { ext_transaction_id: string }) => r.ext_transaction_id)).toEqual([refs[2]]);
  });

  it('shows scenario 95 1.00 TRY higher and leaves scenario 96 out (sandbox.md)', async () => {
    const start = new Date().toISOString();
    const [plain, higher, dropped] = [uniqueKey('s00'), uniqueKey('s95'), uniqueKey('s96')];
    await sipay.send(sendMoneyText(plain, '2500.00'));
    await sipay.send(sendMoneyText(higher, '2500.95'));
    await sipay.send(sendMoneyText(dropped, '2500.96'));
    const answer = await sipay.list({ start_date: start, end_date: new Date(Date.now() + 1).toISOString() });
    const results = envelopeOf(answer).payload.results as { ext_transaction_id: string; base_amount: unknown }[];
    expect(Object.fromEntries(results.map((r) => [r.ext_transaction_id, String(r.base_amount)]))).toEqual({
      [plain]: '2500.0000',
      [higher]: '2501.9500',
    });
    expect(envelopeOf(await sipay.lookup(higher)).payload.base_amount.toString()).toBe('2500.9500');
    expect(envelopeOf(await sipay.lookup(dropped)).code).toBe('100');
  });

  it('answers 400 to a missing or malformed date and to an oversized page', async () => {
    for (const body of [
      { end_date: '2026-01-01T00:00:00Z' },
      { start_date: 'yesterday', end_date: '2026-01-01T00:00:00Z' },
      { start_date: '2026-01-01T00:00:00Z', end_date: '2026-01-02T00:00:00Z', page_size: 5000 },
      { start_date: '2026-01-01T00:00:00Z', end_date: '2026-01-02T00:00:00Z', page: 0 },
    ]) {
      const answer = await sipay.list(body);
      expect([answer.status, envelopeOf(answer).code]).toEqual([400, '400']);
    }
  });

  it('lists seeded records (the seeding control) in creation order', async () => {
    const prefix = uniqueKey('seed-');
    const seeded = await control.seed('sipay', {
      count: 5,
      referencePrefix: prefix,
      amount: '100096',
      createdFrom: '2021-03-01T00:00:00Z',
      createdTo: '2021-03-01T00:05:00Z',
    });
    expect(seeded.json).toEqual({ data: { provider: 'sipay', seeded: 5 } });
    const listed = envelopeOf(
      await sipay.list({ start_date: '2021-03-01T00:00:00Z', end_date: '2021-03-02T00:00:00Z', page_size: 10 }),
    );
    // Every seeded record is scenario 96 here, so the listing counts them but shows none.
    expect([listed.payload.total_count.toString(), listed.payload.results]).toEqual(['5', []]);
    expect((await control.transfer('sipay', `${prefix}4`)).createdAt).toBe('2021-03-01T00:04:00.000Z');
    expect((await control.seed('sipay', { count: 0 })).status).toBe(400);
  });
});
