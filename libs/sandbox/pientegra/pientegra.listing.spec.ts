import { ControlClient } from '@test/support/sandbox/control-client';
import { PientegraClient, withdrawalBody } from '@test/support/sandbox/pientegra-client';
import { Harness, startHarness, uniqueKey } from '@test/support/sandbox/sandbox-harness';
import { sleep } from '@test/support/sandbox/webhook-receiver';

describe('Pientegra emulator: GET /external/withdrawals', () => {
  let harness: Harness;
  let pientegra: PientegraClient;
  let control: ControlClient;

  beforeAll(async () => {
    harness = await startHarness();
    pientegra = new PientegraClient(harness.url);
    control = new ControlClient(harness.url);
  });
  afterAll(() => harness.stop());

  describe('listing', () => {
    it('lists newest first with a cursor, and filters by status and creation time', async () => {
      const ids: string[] = [];
      for (const amount of ['250013', '250013', '250013']) {
        ids.push((await pientegra.create(uniqueKey('list'), withdrawalBody(amount))).json.withdrawalId);
        await sleep(3);
      }
      const first = await pientegra.get('/external/withdrawals?limit=2');
      expect(first.json.data.map((w: { withdrawalId: string }) => w.withdrawalId)).toEqual([ids[2], ids[1]]);
      const second = await pientegra.get(`/external/withdrawals?limit=2&cursor=${first.json.nextCursor}`);
      expect(second.json).toEqual({ data: [expect.objectContaining({ withdrawalId: ids[0] })], nextCursor: null });

      await control.release('pientegra', (await control.transfers({ provider: 'pientegra' })).json.data[1].reference);
      const sent = await pientegra.get('/external/withdrawals?status=SENT');
      expect(sent.json.data.map((w: { withdrawalId: string }) => w.withdrawalId)).toEqual([ids[1]]);

      const secondCreatedAt = (await pientegra.get(`/external/withdrawals/${ids[1]}`)).json.createdAt;
      const since = await pientegra.get(`/external/withdrawals?createdFrom=${secondCreatedAt}`);
      expect(since.json.data.map((w: { withdrawalId: string }) => w.withdrawalId)).toEqual([ids[2], ids[1]]);
      const before = await pientegra.get(`/external/withdrawals?createdTo=${secondCreatedAt}`);
      expect(before.json.data.map((w: { withdrawalId: string }) => w.withdrawalId)).toEqual([ids[0]]);
      expect((await pientegra.get('/external/withdrawals?limit=500')).status).toBe(400);
    });
  });
});
