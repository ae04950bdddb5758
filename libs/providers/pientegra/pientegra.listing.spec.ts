import nock from 'nock';
import { InMemoryRateBudget } from '../contract/rate-budget';
import { buildPientegra, TEST_API_ORIGIN, TEST_API_PATH } from '@test/support/providers/pientegra';

const LIST = `${TEST_API_PATH}/external/withdrawals`;
const json = { 'content-type': 'application/json' };
const from = new Date('2026-04-28T00:00:00Z');
const to = new Date('2026-04-29T00:00:00Z');

/** A listing row as the lookup writes a withdrawal (pientegra.md: the listing's rows are not specified) [A]. */
const row = (overrides: Record<string, unknown> = {}) => ({
  withdrawalId: '01927b3c-9c1f-7a3a-9c4f-8a3e1f8b1c00',
  referenceNo: 'W-2026-0000001',
  externalUserId: 'user-1',
  amount: '250000',
  currency: 'TRY',
  status: 'SENT',
  createdAt: '2026-04-28T12:00:00.000Z',
  updatedAt: '2026-04-28T12:00:05.000Z',
  ...overrides,
});

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('PientegraAdapter.listTransfers', () => {
  it('asks for createdFrom/createdTo/limit with the cursor, and reads rows in our words', async () => {
    const { provider, settings } = buildPientegra();
    const scope = nock(TEST_API_ORIGIN)
      .get(LIST)
      .query({ createdFrom: from.toISOString(), createdTo: to.toISOString(), limit: '100', cursor: 'abc' })
      .matchHeader('authorization', `Bearer ${settings.apiKey}`)
      .reply(
        200,
        {
          data: [row(), row({ withdrawalId: 'w-2', status: 'RETURNED', amount: '9007199254740993' })],
          nextCursor: 'def',
        },
        json,
      );
    const page = await provider.listTransfers!({ from, to, cursor: 'abc' });
    expect(page).toMatchObject({
      kind: 'page',
      nextCursor: 'def',
      items: [
        {
          providerId: '01927b3c-9c1f-7a3a-9c4f-8a3e1f8b1c00',
          amount: 250000n,
          currency: 'TRY',
          status: 'paid',
          providerStatus: 'SENT',
          createdAt: new Date('2026-04-28T12:00:00.000Z'),
        },
        { providerId: 'w-2', amount: 9007199254740993n, status: 'returned' },
      ],
    });
    scope.done();
  });

  it('keeps a garbage row with what it could read and says what was wrong, never trusting it', async () => {
    const { provider } = buildPientegra();
    nock(TEST_API_ORIGIN)
      .get(LIST)
      .query(true)
      .reply(200, { data: [row({ amount: '12.5', status: 'TELEPORTED' }), 'nonsense'], nextCursor: null }, json);
    const page = await provider.listTransfers!({ from, to });
    expect(page).toMatchObject({ kind: 'page', nextCursor: null });
    if (page.kind !== 'page') return;
    expect(page.items[0]).toMatchObject({ providerId: '01927b3c-9c1f-7a3a-9c4f-8a3e1f8b1c00', status: 'unknown' });
    expect(page.items[0].amount).toBeUndefined();
    expect(page.items[0].problem).toBe('amount unreadable; unknown status TELEPORTED');
    expect(page.items[1]).toEqual({ status: 'unknown', problem: 'row is not a JSON object' });
  });

  it('reports a page it could not read as unavailable (the run retries the same cursor)', async () => {
    const { provider } = buildPientegra();
    nock(TEST_API_ORIGIN).get(LIST).query(true).times(10).reply(503, '');
    expect(await provider.listTransfers!({ from, to })).toMatchObject({ kind: 'unavailable', reason: 'server_error' });
    nock.cleanAll();
    nock(TEST_API_ORIGIN).get(LIST).query(true).reply(200, { items: [] }, json);
    expect(await provider.listTransfers!({ from, to })).toMatchObject({
      kind: 'unavailable',
      reason: 'unparseable_response',
    });
  });

  it('takes its request from the shared rate budget like every other call', async () => {
    const budget = new InMemoryRateBudget(() => 0);
    const { provider } = buildPientegra({ budget, settings: { requestsPerMinute: 1 }, budgetMaxWaitMs: 0 });
    nock(TEST_API_ORIGIN).get(LIST).query(true).reply(200, { data: [], nextCursor: null }, json);
    expect(await provider.listTransfers!({ from, to })).toMatchObject({ kind: 'page' });
    const spent = await provider.listTransfers!({ from, to });
    expect(spent).toMatchObject({ kind: 'unavailable', reason: 'rate_limited', raw: { requestCount: 0 } });
  });
});
