import nock from 'nock';
import type { RawRequest } from '../contract/payout-provider';
import { buildPientegra, fixtureAttempt, TEST_API_ORIGIN, TEST_API_PATH } from '@test/support/providers/pientegra';
import { PIENTEGRA_EVENTS, PIENTEGRA_STATUSES } from './pientegra.statuses';

const ID = '01927b3c-9c1f-7a3a-9c4f-8a3e1f8b1c00';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const LOOKUP_CASES = [
  { status: 'PENDING_REVIEW', signal: { status: 'processing' } },
  { status: 'APPROVED', signal: { status: 'processing' } },
  { status: 'SENT', signal: { status: 'succeeded' } },
  {
    status: 'REJECTED',
    signal: { status: 'failed', failure: { code: 'provider_rejected', providerMessage: 'operator declined' } },
  },
  { status: 'RETURNED', signal: { status: 'returned' } },
] as const;

const EVENT_CASES = [
  { eventType: 'withdrawal.created', status: 'PENDING_REVIEW', signal: { status: 'processing' } },
  { eventType: 'withdrawal.sent', status: 'SENT', signal: { status: 'succeeded' } },
  {
    eventType: 'withdrawal.rejected',
    status: 'REJECTED',
    signal: { status: 'failed', failure: { code: 'provider_rejected' } },
  },
  { eventType: 'withdrawal.returned', status: 'RETURNED', signal: { status: 'returned' } },
] as const;

describe('Pientegra status map', () => {
  it('covers every status and event type of the tables', () => {
    expect(LOOKUP_CASES.map((c) => c.status).sort()).toEqual(Object.keys(PIENTEGRA_STATUSES).sort());
    expect(EVENT_CASES.map((c) => c.eventType).sort()).toEqual(Object.keys(PIENTEGRA_EVENTS).sort());
  });

  it.each(LOOKUP_CASES)('maps lookup status $status to $signal.status', async ({ status, signal }) => {
    const { provider } = buildPientegra();
    nock(TEST_API_ORIGIN).get(`${TEST_API_PATH}/external/withdrawals/${ID}`).reply(200, {
      withdrawalId: ID,
      referenceNo: 'W-1',
      status,
      rejectedReason: 'operator declined',
      updatedAt: '2026-04-28T13:00:00.000Z',
    });
    const outcome = await provider.lookup(fixtureAttempt({ providerId: ID }));
    expect(outcome).toMatchObject({ kind: 'found', providerId: ID, signal: { ...signal, providerStatus: status } });
    if (outcome.kind === 'found') expect(outcome.signal.occurredAt?.toISOString()).toBe('2026-04-28T13:00:00.000Z');
  });

  it.each(EVENT_CASES)('maps webhook $eventType to $signal.status', async ({ eventType, status, signal }) => {
    const { provider } = buildPientegra();
    const body = {
      eventId: 'evt-1',
      eventType,
      occurredAt: '2026-04-28T13:00:00.000Z',
      withdrawal: { withdrawalId: ID, status },
    };
    const request: RawRequest = { headers: {}, rawBody: Buffer.from(JSON.stringify(body)), receivedAt: new Date() };
    expect(await provider.parseWebhook(request)).toMatchObject({
      kind: 'event',
      dedupeKey: 'evt-1',
      providerId: ID,
      signal,
      mustConfirmByLookup: false,
    });
  });
});
