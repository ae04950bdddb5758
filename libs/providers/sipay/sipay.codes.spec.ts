import nock from 'nock';
import { SIPAY_CODES } from './sipay.codes';
import {
  API_ORIGIN,
  buildSipay,
  fixture,
  fixtureAttempt,
  JSON_HEADERS,
  LOOKUP_PATH,
  SEND_PATH,
  TOKEN_ORIGIN,
  TOKEN_PATH,
} from '@test/support/providers/sipay';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const answer = (code: string) =>
  code === '100'
    ? fixture('send-money.response.json')
    : JSON.stringify({ status: 2, code, message: `message of ${code}` });

/** Written out by hand from providers/sipay.md and payout-lifecycle.md, so a wrong table row fails here. */
const EXPECTED = [
  { code: '100', outcome: { kind: 'accepted', providerId: '2505267108142371608' } },
  {
    code: '300',
    outcome: {
      kind: 'not_executed',
      failure: { code: 'invalid_beneficiary', providerCode: '300' },
      failoverAllowed: false,
    },
  },
  { code: '301', outcome: { kind: 'ambiguous', reason: 'duplicate_reference' } },
  {
    code: '306',
    outcome: {
      kind: 'not_executed',
      failure: { code: 'beneficiary_mismatch', providerCode: '306' },
      failoverAllowed: false,
    },
  },
  {
    code: '503',
    outcome: {
      kind: 'not_executed',
      failure: { code: 'beneficiary_mismatch', providerCode: '503' },
      failoverAllowed: false,
    },
  },
  {
    code: '310',
    outcome: { kind: 'not_executed', failure: { code: 'limit_exceeded', providerCode: '310' }, failoverAllowed: true },
  },
  {
    code: '311',
    outcome: {
      kind: 'not_executed',
      failure: { code: 'insufficient_provider_balance', providerCode: '311' },
      failoverAllowed: true,
    },
  },
  { code: '312', outcome: { kind: 'ambiguous', reason: 'already_processed' } },
] as const;

describe('SIPAY_CODES', () => {
  beforeEach(() => {
    nock(TOKEN_ORIGIN).post(TOKEN_PATH).reply(200, fixture('token.response.json'), JSON_HEADERS);
  });

  it('has a test below for every row of the table', () => {
    expect(EXPECTED.map((row) => row.code).sort()).toEqual(Object.keys(SIPAY_CODES).sort());
  });

  it.each(EXPECTED)('maps code $code to $outcome.kind (the record not visible yet)', async ({ code, outcome }) => {
    const { provider } = buildSipay();
    nock(API_ORIGIN)
      .post(SEND_PATH)
      .reply(200, answer(code), JSON_HEADERS)
      .post(LOOKUP_PATH)
      .optionally()
      .reply(200, { status: 2, code: '300', message: 'not found', payload: null });
    expect(await provider.submit(fixtureAttempt())).toMatchObject(outcome);
  });

  it.each(['301', '312', '999'])(
    'looks the attempt up once after code %s and takes the record when it shows',
    async (code) => {
      const { provider } = buildSipay();
      const scope = nock(API_ORIGIN)
        .post(SEND_PATH)
        .reply(200, answer(code), JSON_HEADERS)
        .post(LOOKUP_PATH)
        .reply(200, fixture('get-request-withdraw-by-ext-id.response.json'), JSON_HEADERS);
      expect(await provider.submit(fixtureAttempt())).toMatchObject({
        kind: 'accepted',
        providerId: '51245474865865865',
      });
      scope.done();
    },
  );

  it('maps an unknown code to ambiguous, never to failed', async () => {
    const { provider } = buildSipay();
    nock(API_ORIGIN)
      .post(SEND_PATH)
      .reply(200, answer('999'), JSON_HEADERS)
      .post(LOOKUP_PATH)
      .reply(200, { status: 2, code: '300', message: 'not found', payload: null });
    expect(await provider.submit(fixtureAttempt())).toMatchObject({
      kind: 'ambiguous',
      reason: 'unknown_code',
      detail: 'code 999',
    });
  });
});
