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

    it('shows scenario 95 1.00 TRY higher and leaves scenario 96 out (sandbox.md)', async () => {
      const from = new Date().toISOString();
      const plain = (await pientegra.create(uniqueKey('l00'), withdrawalBody('250000'))).json.withdrawalId;
      const higher = (await pientegra.create(uniqueKey('l95'), withdrawalBody('250095'))).json.withdrawalId;
      const dropped = (await pientegra.create(uniqueKey('l96'), withdrawalBody('250096'))).json.withdrawalId;
      const listed = await pientegra.get(`/external/withdrawals?createdFrom=${from}&limit=100`);
      const amounts = Object.fromEntries(
        listed.json.data.map((w: { withdrawalId: string; amount: string }) => [w.withdrawalId, w.amount]),
      );
      expect(amounts).toEqual({ [plain]: '250000', [higher]: '250195' });
      expect(amounts[dropped]).toBeUndefined();
      // Only the listing changes: the lookup and the control API show the transfer as recorded.
      expect((await pientegra.get(`/external/withdrawals/${higher}`)).json.amount).toBe('250095');
      expect((await pientegra.get(`/external/withdrawals/${dropped}`)).status).toBe(200);
    });

    it('lists seeded transfers in creation order, even when seeded into the past', async () => {
      const seeded = await control.seed('pientegra', {
        count: 3,
        referencePrefix: uniqueKey('seed-'),
        amount: '100000',
        createdFrom: '2020-01-01T00:00:00Z',
        createdTo: '2020-01-01T00:03:00Z',
      });
      expect(seeded.status).toBe(201);
      const listed = await pientegra.get(
        '/external/withdrawals?createdFrom=2020-01-01T00:00:00Z&createdTo=2020-01-02T00:00:00Z',
      );
      expect(listed.json.data.map((w: { createdAt: string }) => w.createdAt)).toEqual([
        '2020-01-01T00:02:00.000Z',
        '2020-01-01T00:01:00.000Z',
        '2020-01-01T00:00:00.000Z',
      ]);
    });
  });
});
