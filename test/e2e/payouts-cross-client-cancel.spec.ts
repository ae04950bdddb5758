import { queryOnce } from '../support/database';
import { startPayoutsApi, VALID_PAYOUT, type PayoutsApiHarness } from '../support/payouts-api';

// api.md Conventions: a client changes only its own payouts; cancelling another client's needs ops:write and a
// reason, and is audited. ops:read lets a key see every payout, never change one.
describe("cancelling another client's payout", () => {
  let h: PayoutsApiHarness;
  let counter = 0;

  beforeAll(async () => {
    h = await startPayoutsApi('cross_cancel', {
      owner: ['payouts:write', 'payouts:read'],
      stranger: ['payouts:write', 'payouts:read'],
      opsReader: ['payouts:write', 'payouts:read', 'ops:read'],
      opsWriter: ['payouts:write', 'payouts:read', 'ops:read', 'ops:write'],
    });
  });
  afterAll(() => h?.close());

  const newPayout = async (): Promise<string> => {
    const created = await h.call('POST', '/v1/payouts', {
      key: h.keys.owner,
      idempotencyKey: `cross-${counter++}`,
      body: VALID_PAYOUT,
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  const statusOf = async (id: string) => (await h.call('GET', `/v1/payouts/${id}`, { key: h.keys.owner })).body.status;
  const auditRows = (id: string) =>
    queryOnce<{ actor_client_id: string; action: string; reason: string | null }>(
      h.databaseUrl,
      "SELECT actor_client_id, action, reason FROM audit_log WHERE subject_type = 'payout' AND subject_id = $1",
      [id],
    );

  it('answers 403 forbidden to a key with payouts:write and ops:read but no ops:write, and changes nothing', async () => {
    const id = await newPayout();
    const answer = await h.call('POST', `/v1/payouts/${id}/cancel`, {
      key: h.keys.opsReader,
      body: { reason: 'I can see it, so I may cancel it?' },
    });
    expect(answer.status).toBe(403);
    expect(answer.body.code).toBe('forbidden');
    expect(await statusOf(id)).toBe('pending');
    expect(await auditRows(id)).toEqual([]);
  });

  it('answers 404 not_found to a key that cannot see the payout at all', async () => {
    const id = await newPayout();
    const answer = await h.call('POST', `/v1/payouts/${id}/cancel`, { key: h.keys.stranger, body: { reason: 'x' } });
    expect(answer.status).toBe(404);
    expect(answer.body.code).toBe('not_found');
    expect(await statusOf(id)).toBe('pending');
  });

  it('asks an ops:write key for a reason, naming the field, and changes nothing without one', async () => {
    const id = await newPayout();
    for (const body of [undefined, {}, { reason: '   ' }]) {
      const answer = await h.call('POST', `/v1/payouts/${id}/cancel`, { key: h.keys.opsWriter, body });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('validation_failed');
      expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    }
    expect(await statusOf(id)).toBe('pending');
    expect(await auditRows(id)).toEqual([]);
  });

  it('refuses a cancel reason with a bidirectional override or a control character, naming the field', async () => {
    const id = await newPayout();
    for (const [key, reason] of [
      [h.keys.opsWriter, 'duplicate \u202Eelbuod'],
      [h.keys.owner, 'line one\nline two'],
    ]) {
      const answer = await h.call('POST', `/v1/payouts/${id}/cancel`, { key, body: { reason } });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    }
    expect(await statusOf(id)).toBe('pending');
    expect(await auditRows(id)).toEqual([]);
  });

  it('cancels with ops:write and a reason: an audit row names the actor and the reason, and so does the event', async () => {
    const id = await newPayout();
    const answer = await h.call('POST', `/v1/payouts/${id}/cancel`, {
      key: h.keys.opsWriter,
      body: { reason: 'duplicate payout reported by the client (ticket 77)' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('canceled');
    expect(await auditRows(id)).toEqual([
      {
        actor_client_id: h.ids.opsWriter,
        action: 'payout.cancel',
        reason: 'duplicate payout reported by the client (ticket 77)',
      },
    ]);
    const events = (await h.call('GET', `/v1/payouts/${id}?expand=events`, { key: h.keys.owner })).body
      .events as Record<string, unknown>[];
    expect(events[events.length - 1]).toMatchObject({
      from: 'pending',
      to: 'canceled',
      applied: true,
      source: `ops:${h.ids.opsWriter}`,
      actor: 'opsWriter',
      reason: 'duplicate payout reported by the client (ticket 77)',
    });
  });

  it('lets a client cancel its own payout without a reason, and with one, without an audit row', async () => {
    const silent = await newPayout();
    expect((await h.call('POST', `/v1/payouts/${silent}/cancel`, { key: h.keys.owner })).body.status).toBe('canceled');
    const explained = await newPayout();
    const answer = await h.call('POST', `/v1/payouts/${explained}/cancel`, {
      key: h.keys.owner,
      body: { reason: 'the customer withdrew the request' },
    });
    expect(answer.body.status).toBe('canceled');
    const events = (await h.call('GET', `/v1/payouts/${explained}?expand=events`, { key: h.keys.owner })).body
      .events as Record<string, unknown>[];
    expect(events[events.length - 1]).toMatchObject({
      source: 'api',
      actor: 'owner',
      reason: 'the customer withdrew the request',
    });
    expect([...(await auditRows(silent)), ...(await auditRows(explained))]).toEqual([]);
  });

  it('documents the optional reason body and the validation problem in the OpenAPI document', async () => {
    const document = (await (await fetch(`${h.api.baseUrl}/docs-json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: { required?: boolean }; responses: object }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    const cancel = document.paths['/v1/payouts/{id}/cancel'].post;
    expect(cancel.requestBody?.required).toBe(false);
    expect(Object.keys(cancel.responses)).toEqual(expect.arrayContaining(['200', '400', '403', '404', '409']));
    expect(document.components.schemas.CancelPayoutDto.properties).toHaveProperty('reason');
    expect(document.components.schemas.PayoutEventDto.properties).toHaveProperty('actor');
  });
});
