import { parseJsonLossless } from '@libs/platform/json';
import nock from 'nock';
import { sentBodyText } from '@test/support/providers/adapter-fakes';
import { API_ORIGIN, buildSipay, fixture, JSON_HEADERS, TOKEN_ORIGIN, TOKEN_PATH } from '@test/support/providers/sipay';
import { LISTING_PAGE_SIZE } from './sipay.assumptions';

const LIST_PATH = '/v1/TransactionData/GetRequestWithdrawListByFilter';
const from = new Date('2026-04-28T00:00:00Z');
const to = new Date('2026-04-29T00:00:00Z');

/** The lookup fixture's record as raw text: a listing result is shaped like it [A]. */
const lookupRecordText = (): string => {
  const text = fixture('get-request-withdraw-by-ext-id.response.json').toString('utf8');
  return text.slice(text.indexOf('"payload":') + '"payload":'.length, text.lastIndexOf('}'));
};
const listingText = (results: string[], totalCount: number, page = 1): string =>
  `{"status":0,"code":"100","message":"İşlem Başarılı","payload":{"total_count":${totalCount},"page":${page},` +
  `"page_size":${LISTING_PAGE_SIZE},"results":[${results.join(',')}]}}`;

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const token = () => nock(TOKEN_ORIGIN).post(TOKEN_PATH).reply(200, fixture('token.response.json'), JSON_HEADERS);

describe('SipayAdapter.listTransfers', () => {
  it('posts start_date/end_date/page/page_size and reads the lookup-shaped records, ids exact', async () => {
    const { provider } = buildSipay();
    token();
    let sent = '';
    nock(API_ORIGIN)
      .post(LIST_PATH)
      .reply(function () {
        sent = sentBodyText(this);
        return [200, listingText([lookupRecordText()], LISTING_PAGE_SIZE + 1), JSON_HEADERS];
      });
    const page = await provider.listTransfers!({ from, to });
    expect(parseJsonLossless(sent)).toEqual(
      parseJsonLossless(
        `{"start_date":"2026-04-28T00:00:00.000Z","end_date":"2026-04-29T00:00:00.000Z","page":1,"page_size":${LISTING_PAGE_SIZE}}`,
      ),
    );
    expect(page).toEqual({
      kind: 'page',
      nextCursor: '2',
      raw: expect.anything(),
      items: [
        {
          providerId: '51245474865865865',
          reference: '21fb407d-f998-454c-a427-0017f1ca7b3b',
          amount: 72000n,
          currency: 'TRY',
          status: 'paid',
          providerStatus: 'process_level_status=1',
          createdAt: new Date('2026-04-28T12:00:00Z'),
        },
      ],
    });
  });

  it('keeps a 64-bit bare-number id exact and ends at the last page by total_count', async () => {
    const { provider } = buildSipay();
    token();
    const record = lookupRecordText().replace('"id":"51245474865865865"', '"id":2505267108142371608');
    nock(API_ORIGIN)
      .post(LIST_PATH)
      .reply(200, listingText([record], LISTING_PAGE_SIZE + 1, 2), JSON_HEADERS);
    const page = await provider.listTransfers!({ from, to, cursor: '2' });
    expect(page).toMatchObject({ kind: 'page', nextCursor: null, items: [{ providerId: '2505267108142371608' }] });
  });

  it('flags a record with an amount of more than two decimals or an unknown status, never trusting it', async () => {
    const { provider } = buildSipay();
    token();
    const record = lookupRecordText()
      .replace('"base_amount":720.0000', '"base_amount":720.005')
      .replace('"process_level_status":1', '"process_level_status":9');
    nock(API_ORIGIN)
      .post(LIST_PATH)
      .reply(200, listingText([record], 1), JSON_HEADERS);
    const page = await provider.listTransfers!({ from, to });
    if (page.kind !== 'page') throw new Error(`expected a page, got ${page.kind}`);
    expect(page.items[0]).toMatchObject({ status: 'unknown', providerId: '51245474865865865' });
    expect(page.items[0].amount).toBeUndefined();
    expect(page.items[0].problem).toBe('base_amount unreadable; unknown process_level_status 9');
  });

  it('reports an error envelope or an unreadable payload as unavailable', async () => {
    const { provider } = buildSipay();
    token();
    nock(API_ORIGIN).post(LIST_PATH).reply(200, '{"status":2,"code":"400","message":"x","payload":null}', JSON_HEADERS);
    expect(await provider.listTransfers!({ from, to })).toMatchObject({ kind: 'unavailable', reason: 'unknown_code' });
    nock(API_ORIGIN)
      .post(LIST_PATH)
      .reply(200, '{"status":0,"code":"100","message":"x","payload":{"rows":[]}}', JSON_HEADERS);
    expect(await provider.listTransfers!({ from, to })).toMatchObject({
      kind: 'unavailable',
      reason: 'unparseable_response',
    });
  });
});
