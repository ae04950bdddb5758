import { randomUUID } from 'node:crypto';
import { PIENTEGRA_SANDBOX_DEFAULTS } from '@libs/providers/pientegra/pientegra.sandbox-defaults';
import { pientegraSignature } from '@libs/providers/pientegra/pientegra.signature';
import { RoundTripCounter } from '../support/round-trips';
import { startPayoutsApi, type PayoutsApiHarness } from '../support/payouts-api';

/**
 * Issue 18: what one provider webhook costs the api in round trips, counted where they leave the process (pg's
 * Client.query, ioredis's sendCommand). A delivery is stored with one INSERT and nothing else: the per-address
 * budget of routes without a key counts in the process, not in Redis.
 */
describe('POST /v1/webhooks/pientegra round trips', () => {
  let h: PayoutsApiHarness;
  const trips = new RoundTripCounter();
  const { postgres, redis } = trips;

  beforeAll(async () => {
    h = await startPayoutsApi('webhook_round_trips', {});
    trips.install();
  });

  afterAll(async () => {
    trips.restore();
    await h?.close();
  });

  const deliver = (contentType = 'application/json') => {
    const eventId = `evt_${randomUUID()}`;
    const body = JSON.stringify({
      eventId,
      eventType: 'withdrawal.sent',
      occurredAt: new Date().toISOString(),
      withdrawal: { withdrawalId: `wd_${randomUUID()}`, referenceNo: `ref_${randomUUID()}`, status: 'SENT' },
    });
    const at = String(Date.now());
    return fetch(`${h.api.baseUrl}/v1/webhooks/pientegra`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'pientegra-signature': `t=${at},v1=${pientegraSignature(PIENTEGRA_SANDBOX_DEFAULTS.webhookSecret, at, Buffer.from(body))}`,
      },
      body,
    });
  };

  it('stores a delivery in one Postgres round trip and no Redis command', async () => {
    expect((await deliver()).status).toBe(200); // prepares what is prepared once
    postgres.length = 0;
    redis.length = 0;
    trips.counting = true;
    const answers = [await deliver(), await deliver(), await deliver()];
    trips.counting = false;
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(postgres).toHaveLength(3);
    expect(redis).toEqual([]);
  });

  // The form parser reads only the ops pages' forms: before, it consumed a webhook body labelled as a form, and the
  // signature was checked against no bytes at all.
  it('verifies a signed body labelled application/x-www-form-urlencoded against its exact bytes', async () => {
    expect((await deliver('application/x-www-form-urlencoded')).status).toBe(200);
  });
});
