import nock from 'nock';
import { PIENTEGRA_CODES } from './pientegra.codes';
import { buildPientegra, fixtureAttempt, TEST_API_ORIGIN, TEST_API_PATH } from '@test/support/providers/pientegra';

const CREATE = `${TEST_API_PATH}/external/withdrawals`;

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

/** Written out by hand from payout-lifecycle.md, so a wrong table row fails here. */
const EXPECTED = [
  {
    key: 'validation_failed',
    http: 422,
    body: { error: { code: 'validation_failed', message: 'amount is malformed' } },
    outcome: {
      kind: 'not_executed',
      failure: { code: 'invalid_beneficiary', providerCode: 'validation_failed' },
      failoverAllowed: false,
    },
  },
  {
    key: 'amount_below_min',
    http: 422,
    body: { error: { code: 'amount_below_min', message: 'min 100' } },
    outcome: { kind: 'not_executed', failure: { code: 'amount_out_of_range' }, failoverAllowed: false },
  },
  {
    key: 'amount_above_max',
    http: 400,
    body: { error: { code: 'amount_above_max', message: 'max 100000000' } },
    outcome: { kind: 'not_executed', failure: { code: 'amount_out_of_range' }, failoverAllowed: false },
  },
  {
    key: 'insufficient_balance',
    http: 422,
    body: { error: { code: 'insufficient_balance', message: 'balance too low' } },
    outcome: {
      kind: 'not_executed',
      failure: { code: 'insufficient_provider_balance', providerCode: 'insufficient_balance' },
      failoverAllowed: true,
    },
  },
  {
    key: 'idempotency_conflict',
    http: 409,
    body: { error: { code: 'idempotency_conflict', message: 'other body' } },
    outcome: { kind: 'ambiguous', reason: 'idempotency_conflict' },
  },
  {
    key: 'unauthorized',
    http: 401,
    body: { error: { code: 'unauthorized', message: 'bad key' } },
    outcome: { kind: 'not_executed', failure: { code: 'provider_unavailable' }, failoverAllowed: true },
  },
  {
    key: 'forbidden',
    http: 403,
    body: { error: { code: 'forbidden', message: 'no access' } },
    outcome: { kind: 'not_executed', failure: { code: 'provider_unavailable' }, failoverAllowed: true },
  },
  {
    key: 'http_401',
    http: 401,
    body: '',
    outcome: {
      kind: 'not_executed',
      failure: { code: 'provider_unavailable', providerCode: 'http_401' },
      failoverAllowed: true,
    },
  },
  {
    key: 'http_403',
    http: 403,
    body: '',
    outcome: {
      kind: 'not_executed',
      failure: { code: 'provider_unavailable', providerCode: 'http_403' },
      failoverAllowed: true,
    },
  },
] as const;

describe('PIENTEGRA_CODES', () => {
  it('has a test below for every row of the table', () => {
    expect(EXPECTED.map((row) => row.key).sort()).toEqual(Object.keys(PIENTEGRA_CODES).sort());
  });

  it.each(EXPECTED)('maps $key (HTTP $http) to $outcome.kind', async ({ http, body, outcome }) => {
    const { provider } = buildPientegra();
    nock(TEST_API_ORIGIN).post(CREATE).reply(http, body);
    expect(await provider.submit(fixtureAttempt())).toMatchObject(outcome);
  });

  it('maps an unknown error code to ambiguous, never to failed', async () => {
    const { provider } = buildPientegra();
    nock(TEST_API_ORIGIN)
      .post(CREATE)
      .reply(422, { error: { code: 'brand_new_code', message: '?' } });
    expect(await provider.submit(fixtureAttempt())).toMatchObject({ kind: 'ambiguous', reason: 'unknown_code' });
  });

  it('reads a validation_failed naming targetHolderName as a beneficiary mismatch', async () => {
    const { provider } = buildPientegra();
    nock(TEST_API_ORIGIN)
      .post(CREATE)
      .reply(422, {
        error: {
          code: 'validation_failed',
          message: 'holder',
          details: [{ field: 'targetHolderName', message: 'does not match the IBAN' }],
        },
      });
    expect(await provider.submit(fixtureAttempt())).toMatchObject({
      kind: 'not_executed',
      failure: { code: 'beneficiary_mismatch', providerCode: 'validation_failed' },
      failoverAllowed: false,
    });
  });

  it('keeps the provider message, redacted, beside our own', async () => {
    const { provider } = buildPientegra();
    nock(TEST_API_ORIGIN)
      .post(CREATE)
      .reply(422, { error: { code: 'validation_failed', message: 'targetIban TR320010009999901234567890 is closed' } });
    const outcome = await provider.submit(fixtureAttempt());
    if (outcome.kind !== 'not_executed') throw new Error(`expected not_executed, got ${outcome.kind}`);
    expect(outcome.failure.message).toBe('the provider refused the beneficiary details');
    expect(outcome.failure.providerMessage).toContain('targetIban');
    expect(outcome.failure.providerMessage).not.toContain('TR320010009999901234567890');
  });
});
