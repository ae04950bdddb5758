import nock from 'nock';
import { SIPAY_PROCESS_LEVEL_STATUSES } from './sipay.statuses';
import {
  API_ORIGIN,
  buildSipay,
  fixture,
  fixtureAttempt,
  JSON_HEADERS,
  LOOKUP_PATH,
  TOKEN_ORIGIN,
  TOKEN_PATH,
} from '@test/support/providers/sipay';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const lookupAnswer = (status: number) =>
  fixture('get-request-withdraw-by-ext-id.response.json')
    .toString('utf8')
    .replace('"process_level_status":1', `"process_level_status":${status}`);

const CASES = [
  { status: 0, signal: { status: 'processing' } },
  { status: 1, signal: { status: 'succeeded' } },
  { status: 2, signal: { status: 'failed', failure: { code: 'bank_rejected' } } },
  { status: 3, signal: { status: 'failed', failure: { code: 'provider_rejected' } } },
] as const;

describe('Sipay process_level_status map', () => {
  beforeEach(() => {
    nock(TOKEN_ORIGIN).post(TOKEN_PATH).reply(200, fixture('token.response.json'), JSON_HEADERS);
  });

  it('covers every status of the table', () => {
    expect(CASES.map((c) => String(c.status)).sort()).toEqual(Object.keys(SIPAY_PROCESS_LEVEL_STATUSES).sort());
  });

  it.each(CASES)('maps process_level_status $status to $signal.status', async ({ status, signal }) => {
    const { provider } = buildSipay();
    nock(API_ORIGIN).post(LOOKUP_PATH).reply(200, lookupAnswer(status), JSON_HEADERS);
    const outcome = await provider.lookup(fixtureAttempt());
    expect(outcome).toMatchObject({
      kind: 'found',
      signal: { ...signal, providerStatus: `process_level_status=${status}` },
    });
    if (outcome.kind === 'found') expect(outcome.signal.occurredAt?.toISOString()).toBe('2026-04-28T12:00:05.000Z');
  });

  it('is unparseable, with the raw kept, for an unknown status', async () => {
    const { provider } = buildSipay();
    nock(API_ORIGIN).post(LOOKUP_PATH).reply(200, lookupAnswer(9), JSON_HEADERS);
    const outcome = await provider.lookup(fixtureAttempt());
    expect(outcome).toMatchObject({ kind: 'unparseable', reason: 'unknown process_level_status 9' });
    expect(outcome.raw.body).toContain('"process_level_status":9');
  });
});
