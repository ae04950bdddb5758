import { PAYOUT_STORE, requestHash, TransitionPayout, type PayoutStore } from '@libs/payouts';
import { queryOnce } from '../support/database';
import { startPayoutsApi, VALID_PAYOUT, type ApiCall, type PayoutsApiHarness } from '../support/payouts-api';

// The payout API on real Postgres and Redis, the api app booted in this process exactly as main.ts boots it.
describe('payouts API', () => {
  let h: PayoutsApiHarness;
  let store: PayoutStore;
  let transition: TransitionPayout;
  const post = (key: string, idempotencyKey: string, body: unknown) =>
    h.call('POST', '/v1/payouts', { key, idempotencyKey, body });
  const create = async (client: string, idempotencyKey: string, overrides: Record<string, unknown> = {}) => {
    const response = await post(h.keys[client], idempotencyKey, { ...VALID_PAYOUT, ...overrides });
    expect(response.status).toBe(201);
    return response.body as { id: string; createdAt: string; status: string; version: number };
  };

  beforeAll(async () => {
    h = await startPayoutsApi('payouts_api', {
      writer: ['payouts:write', 'payouts:read'],
      other: ['payouts:write', 'payouts:read'],
      lister: ['payouts:write', 'payouts:read'],
      feeder: ['payouts:write', 'payouts:read'],
      ops: ['payouts:read', 'ops:read'],
    });
    store = h.api.app.get<PayoutStore>(PAYOUT_STORE);
    transition = h.api.app.get(TransitionPayout);
  });
  afterAll(() => h?.close());

  describe('POST /v1/payouts', () => {
    let first: ApiCall;

    it('creates a payout and answers 201 with the payout object of api.md', async () => {
      first = await post(h.keys.writer, 'create-1', VALID_PAYOUT);
      expect(first.status).toBe(201);
      expect(Object.keys(first.body)).toEqual([
        'id',
        'status',
        'version',
        'amount',
        'currency',
        'beneficiary',
        'customer',
        'reference',
        'description',
        'metadata',
        'provider',
        'providerReference',
        'failure',
        'routing',
        'createdAt',
        'updatedAt',
        'completedAt',
        'scheduledFor',
        'approval',
        'batchId',
        'itemReference',
        'rail',
        'expectedCompletionAt',
        'holdReason',
        'nextCheckAt',
        'needsAttention',
      ]);
      expect(first.body).toMatchObject({
        scheduledFor: null,
        batchId: null,
        itemReference: null,
        status: 'pending',
        version: 1,
        amount: '250000',
        currency: 'TRY',
        beneficiary: { name: 'Ahmet Yılmaz', ibanLast4: '7890', bankCode: '00100' },
        customer: { id: 'user-12345', label: 'Ahmet Y.' },
        reference: 'order-991',
        metadata: { orderId: '991' },
        provider: null,
        providerReference: null,
        failure: null,
        completedAt: null,
        needsAttention: false,
      });
      expect(first.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(Date.parse(first.body.nextCheckAt as string)).toBeGreaterThan(Date.parse(first.body.createdAt as string));
      expect(first.text).not.toContain(VALID_PAYOUT.beneficiary.iban);
      expect(first.text).not.toContain(VALID_PAYOUT.beneficiary.nationalId);
    });

    it('replays the first answer byte for byte for the same key and body, with Idempotent-Replayed: true', async () => {
      const reordered = Object.fromEntries(Object.entries(VALID_PAYOUT).reverse()); // same JSON, other key order
      const replay = await post(h.keys.writer, 'create-1', reordered);
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.text).toBe(first.text);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
    });

    it('answers 201 with a Location of the payout, on the first answer and on its replay', async () => {
      const replay = await post(h.keys.writer, 'create-1', VALID_PAYOUT);
      expect(first.headers.get('location')).toBe(`/v1/payouts/${String(first.body.id)}`);
      expect(replay.headers.get('location')).toBe(`/v1/payouts/${String(first.body.id)}`);
    });

    it('counts an IBAN written with spaces or in lower case as the same body on replay', async () => {
      const { iban } = VALID_PAYOUT.beneficiary;
      const printed = `${iban.slice(0, 4).toLowerCase()} ${iban.slice(4).replace(/(.{4})/g, '$1 ')}`.trim();
      const replay = await post(h.keys.writer, 'create-1', {
        ...VALID_PAYOUT,
        beneficiary: { ...VALID_PAYOUT.beneficiary, iban: printed },
      });
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.text).toBe(first.text);
    });

    it('replays the exact body of a key stored before the IBAN was compared in electronic form (its hash as sent)', async () => {
      const { iban } = VALID_PAYOUT.beneficiary;
      const spaced = {
        ...VALID_PAYOUT,
        beneficiary: { ...VALID_PAYOUT.beneficiary, iban: iban.replace(/(.{4})/g, '$1 ').trim() },
      };
      const stored = await post(h.keys.writer, 'stored-before-iban-normalised', spaced);
      expect(stored.status).toBe(201);
      // What the intake stored for this key before: the hash of the body exactly as sent, spaces and all.
      await queryOnce(
        h.databaseUrl,
        `UPDATE idempotency_keys SET request_hash = $1 WHERE client_id = $2 AND key = $3`,
        [requestHash(spaced), h.ids.writer, 'stored-before-iban-normalised'],
      );
      const replay = await post(h.keys.writer, 'stored-before-iban-normalised', spaced);
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.text).toBe(stored.text);
      const reused = await post(h.keys.writer, 'stored-before-iban-normalised', { ...spaced, amount: '250001' });
      expect(reused.status).toBe(422);
    });

    it('refuses the same key with another body: 422 idempotency_key_reused', async () => {
      const reused = await post(h.keys.writer, 'create-1', { ...VALID_PAYOUT, amount: '250001' });
      expect(reused.status).toBe(422);
      expect(reused.headers.get('content-type')).toContain('application/problem+json');
      expect(reused.body).toMatchObject({ code: 'idempotency_key_reused', status: 422 });
    });

    it('scopes keys per client: the same key at another client makes another payout', async () => {
      const theirs = await post(h.keys.other, 'create-1', VALID_PAYOUT);
      expect(theirs.status).toBe(201);
      expect(theirs.headers.get('idempotent-replayed')).toBeNull();
      expect(theirs.body.id).not.toBe(first.body.id);
    });

    it('turns 50 concurrent requests with one key into exactly one payout; the others replay or get 409', async () => {
      const body = { ...VALID_PAYOUT, reference: 'concurrent-50' };
      const answers = await Promise.all(Array.from({ length: 50 }, () => post(h.keys.writer, 'concurrent-50', body)));
      const created = answers.filter((a) => a.status === 201 && a.headers.get('idempotent-replayed') === null);
      const replayed = answers.filter((a) => a.status === 201 && a.headers.get('idempotent-replayed') === 'true');
      const inUse = answers.filter((a) => a.status === 409);
      expect(created).toHaveLength(1);
      expect(replayed.length + inUse.length).toBe(49);
      for (const answer of replayed) expect(answer.text).toBe(created[0].text);
      for (const answer of inUse) expect(answer.body.code).toBe('idempotency_key_in_use');
      const rows = await queryOnce(
        h.databaseUrl,
        `SELECT id FROM payouts WHERE client_id = $1 AND reference = 'concurrent-50'`,
        [h.ids.writer],
      );
      expect(rows).toEqual([{ id: created[0].body.id }]);
      const after = await post(h.keys.writer, 'concurrent-50', body);
      expect(after.headers.get('idempotent-replayed')).toBe('true');
    });

    it('stores nothing under the key when a request fails, so a retry after a database error creates the payout', async () => {
      const body = { ...VALID_PAYOUT, reference: 'after-db-error' };
      await queryOnce(h.databaseUrl, 'ALTER TABLE outbox RENAME TO outbox_unavailable');
      let failed: ApiCall;
      try {
        failed = await post(h.keys.writer, 'db-error-1', body);
      } finally {
        await queryOnce(h.databaseUrl, 'ALTER TABLE outbox_unavailable RENAME TO outbox');
      }
      expect(failed.status).toBe(500);
      expect(failed.body).toMatchObject({ code: 'internal' });
      const keyRows = await queryOnce(h.databaseUrl, `SELECT 1 FROM idempotency_keys WHERE key = 'db-error-1'`);
      expect(keyRows).toEqual([]);
      expect(await queryOnce(h.databaseUrl, `SELECT 1 FROM payouts WHERE reference = 'after-db-error'`)).toEqual([]);

      const retried = await post(h.keys.writer, 'db-error-1', body);
      expect(retried.status).toBe(201);
      expect(retried.headers.get('idempotent-replayed')).toBeNull();
    });

    it('does not store a refused request either: the key stays free for a corrected body', async () => {
      const refused = await post(h.keys.writer, 'fix-me', { ...VALID_PAYOUT, amount: '12.50' });
      expect(refused.status).toBe(400);
      const fixed = await post(h.keys.writer, 'fix-me', VALID_PAYOUT);
      expect(fixed.status).toBe(201);
      expect(fixed.headers.get('idempotent-replayed')).toBeNull();
    });

    it('keeps full IBANs and national ids out of the rows, the events, the outbox and the stored answers', async () => {
      const id = first.body.id as string;
      for (const table of ['payouts', 'payout_events', 'idempotency_keys', 'outbox']) {
        const dump = JSON.stringify(await queryOnce(h.databaseUrl, `SELECT row_to_json(t) AS row FROM ${table} t`));
        expect(dump).not.toContain(VALID_PAYOUT.beneficiary.iban);
        expect(dump).not.toContain(VALID_PAYOUT.beneficiary.nationalId);
      }
      const [row] = await queryOnce<{ iban_encrypted: string }>(
        h.databaseUrl,
        'SELECT iban_encrypted FROM payouts WHERE id = $1',
        [id],
      );
      expect(row.iban_encrypted).toMatch(/^v1\.dev\./);
      // Only the submission path opens them.
      expect(await store.beneficiaries.loadBeneficiaryForSubmission(id)).toEqual({
        name: 'Ahmet Yılmaz',
        iban: VALID_PAYOUT.beneficiary.iban,
        nationalId: VALID_PAYOUT.beneficiary.nationalId,
      });
    });
  });

  describe('GET /v1/payouts/{id}', () => {
    it('returns the payout; expand=attempts,events adds its attempts and its event log', async () => {
      const payout = await create('writer', 'get-1');
      const plain = await h.call('GET', `/v1/payouts/${payout.id}`, { key: h.keys.writer });
      expect(plain.status).toBe(200);
      expect(plain.body).toMatchObject({ id: payout.id, status: 'pending' });
      expect(plain.body).not.toHaveProperty('attempts');

      const attempt = await store.attempts.insert(
        { payoutId: payout.id, provider: 'sipay', reference: `ref-${payout.id}` },
        new Date(),
      );
      await store.attempts.update(attempt.id, { status: 'accepted', providerId: '2505267108142371608' }, new Date());
      const expanded = await h.call('GET', `/v1/payouts/${payout.id}?expand=attempts,events`, { key: h.keys.writer });
      expect(expanded.body.providerReference).toBe('2505267108142371608');
      expect(expanded.body.attempts).toEqual([
        expect.objectContaining({
          id: attempt.id,
          provider: 'sipay',
          reference: `ref-${payout.id}`,
          providerId: '2505267108142371608',
          status: 'accepted',
          failure: null,
        }),
      ]);
      expect(expanded.body.events).toEqual([
        expect.objectContaining({
          version: 1,
          from: null,
          to: 'pending',
          source: 'api',
          applied: true,
          reason: 'created',
        }),
      ]);
      const eventsOnly = await h.call('GET', `/v1/payouts/${payout.id}?expand=events`, { key: h.keys.writer });
      expect(eventsOnly.body).not.toHaveProperty('attempts');
      expect(eventsOnly.body).toHaveProperty('events');
    });

    it('answers 404 for an unknown id, a malformed id and another client’s payout', async () => {
      const payout = await create('writer', 'get-404');
      for (const [key, id] of [
        [h.keys.writer, '01890000-0000-7000-8000-000000000000'],
        [h.keys.writer, 'not-a-uuid'],
        [h.keys.other, payout.id],
      ]) {
        const answer = await h.call('GET', `/v1/payouts/${id}`, { key });
        expect(answer.status).toBe(404);
        expect(answer.body).toMatchObject({ code: 'not_found', status: 404 });
      }
      expect((await h.call('GET', `/v1/payouts/${payout.id}`, { key: h.keys.ops })).status).toBe(200);
    });

    it('refuses an unknown expand value, naming the field', async () => {
      const payout = await create('writer', 'get-expand');
      const answer = await h.call('GET', `/v1/payouts/${payout.id}?expand=attempts,secrets`, { key: h.keys.writer });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'expand' })]);
    });
  });

  describe('POST /v1/payouts/{id}/cancel', () => {
    it('cancels a pending payout, and answers 409 invalid_state once it is not pending', async () => {
      const payout = await create('writer', 'cancel-1');
      const canceled = await h.call('POST', `/v1/payouts/${payout.id}/cancel`, { key: h.keys.writer });
      expect(canceled.status).toBe(200);
      expect(canceled.body).toMatchObject({ status: 'canceled', version: 2, failure: { code: 'canceled' } });
      expect(canceled.body.completedAt).toEqual(expect.any(String));
      expect(canceled.body).not.toHaveProperty('nextCheckAt');
      const again = await h.call('POST', `/v1/payouts/${payout.id}/cancel`, { key: h.keys.writer });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'invalid_state' });
    });

    it('answers 409 for a payout a provider may have seen, and records the refusal on its event log', async () => {
      const payout = await create('writer', 'cancel-2');
      await transition.apply(payout.id, { to: 'submitting', source: 'dispatch' });
      await transition.apply(payout.id, { to: 'processing', source: 'webhook:sipay' });
      const refused = await h.call('POST', `/v1/payouts/${payout.id}/cancel`, { key: h.keys.writer });
      expect(refused.status).toBe(409);
      const events = (await h.call('GET', `/v1/payouts/${payout.id}?expand=events`, { key: h.keys.writer })).body
        .events as { to: string; applied: boolean; version: number; reason: string }[];
      expect(events.map((e) => [e.to, e.applied, e.version, e.reason])).toEqual([
        ['pending', true, 1, 'created'],
        ['submitting', true, 2, 'transition'],
        ['processing', true, 3, 'transition'],
        ['canceled', false, 3, 'not_an_edge'],
      ]);
    });

    it('answers 404 for another client’s payout', async () => {
      const payout = await create('writer', 'cancel-3');
      expect((await h.call('POST', `/v1/payouts/${payout.id}/cancel`, { key: h.keys.other })).status).toBe(404);
    });
  });

  describe('GET /v1/payouts', () => {
    const created: { id: string; createdAt: string }[] = [];

    beforeAll(async () => {
      // Batches of five at once, so several payouts share a millisecond and the id must break the tie.
      for (let batch = 0; batch < 5; batch++) {
        const made = await Promise.all(
          Array.from({ length: 5 }, (_, i) =>
            create('lister', `list-${batch}-${i}`, { reference: `ref-${batch * 5 + i}` }),
          ),
        );
        created.push(...made);
      }
    });

    const newestFirst = (a: { id: string; createdAt: string }, b: { id: string; createdAt: string }) =>
      Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? 1 : -1);

    it('pages newest first without gaps or repeats while payouts are being created', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let page = 0;
      do {
        const query: string = `/v1/payouts?limit=7${cursor ? `&cursor=${cursor}` : ''}`;
        const answer = await h.call('GET', query, { key: h.keys.lister });
        expect(answer.status).toBe(200);
        seen.push(...(answer.body.data as { id: string }[]).map((p) => p.id));
        cursor = answer.body.nextCursor as string | null;
        await create('lister', `list-during-${page++}`, { reference: 'late' }); // newer: sorts before the cursor
      } while (cursor !== null);
      expect(seen).toEqual([...created].sort(newestFirst).map((p) => p.id));
    });

    it('filters by status, reference, provider and creation time', async () => {
      const list = async (query: string) => {
        const answer = await h.call('GET', `/v1/payouts?${query}`, { key: h.keys.lister });
        expect(answer.status).toBe(200);
        return (answer.body.data as { id: string }[]).map((p) => p.id).sort();
      };
      const [a, b] = created;
      await h.call('POST', `/v1/payouts/${a.id}/cancel`, { key: h.keys.lister });
      await h.call('POST', `/v1/payouts/${b.id}/cancel`, { key: h.keys.lister });
      expect(await list('status=canceled')).toEqual([a.id, b.id].sort());
      expect(await list('reference=ref-7')).toEqual([created[7].id]);
      await queryOnce(h.databaseUrl, `UPDATE payouts SET provider = 'sipay' WHERE id = ANY($1::uuid[])`, [
        [created[3].id, created[4].id],
      ]);
      expect(await list('provider=sipay')).toEqual([created[3].id, created[4].id].sort());
      const sorted = [...created].sort(newestFirst).reverse();
      const from = sorted[10].createdAt;
      const to = sorted[14].createdAt;
      const window = sorted
        .filter((p) => p.createdAt >= from && p.createdAt <= to)
        .map((p) => p.id)
        .sort();
      const inWindow = await list(
        `createdFrom=${encodeURIComponent(from)}&createdTo=${encodeURIComponent(to)}&limit=100`,
      );
      expect(inWindow).toEqual(window);
    });

    it('shows a client only its own payouts, and every client’s to ops:read', async () => {
      const mine = (await h.call('GET', '/v1/payouts?limit=100', { key: h.keys.other })).body.data as { id: string }[];
      expect(mine.every((p) => !created.some((c) => c.id === p.id))).toBe(true);
      const all = (await h.call('GET', '/v1/payouts?limit=100', { key: h.keys.ops })).body.data as { id: string }[];
      expect(all.filter((p) => created.some((c) => c.id === p.id)).length).toBeGreaterThan(0);
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=ten', 'limit'],
      ['status=lost', 'status'],
      ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
      ['createdFrom=yesterday', 'createdFrom'],
      ['color=blue', 'color'],
    ])('refuses %s, naming the field %s', async (query, field) => {
      const answer = await h.call('GET', `/v1/payouts?${query}`, { key: h.keys.lister });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: 'validation_failed' });
      expect((answer.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
    });
  });

  describe('GET /v1/events', () => {
    // The feed holds an event back while any older transaction on the server still runs (other test files' too),
    // so a read right after a commit may come a moment early; events never disappear once shown.
    const feedUntil = async (path: string, count: number) => {
      for (let tries = 0; ; tries++) {
        const answer = await h.call('GET', path, { key: h.keys.feeder });
        if ((answer.body.data as unknown[]).length >= count || tries === 100) return answer;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };

    it('hands out the caller’s applied status changes in order, page by page, and continues from its cursor', async () => {
      const a = await create('feeder', 'feed-a');
      const b = await create('feeder', 'feed-b');
      await h.call('POST', `/v1/payouts/${a.id}/cancel`, { key: h.keys.feeder });
      await h.call('POST', `/v1/payouts/${a.id}/cancel`, { key: h.keys.feeder }); // refused: not in the feed
      await create('other', 'feed-other'); // another client's: not in the feed

      const expected = [
        ['payout.pending', a.id, 1],
        ['payout.pending', b.id, 1],
        ['payout.canceled', a.id, 2],
      ];
      const all = await feedUntil('/v1/events', 3);
      const items = all.body.data as {
        type: string;
        payoutId: string;
        version: number;
        data: { status: string; version: number };
      }[];
      expect(items.map((e) => [e.type, e.payoutId, e.version])).toEqual(expected);
      for (const item of items) expect(`payout.${item.data.status}`).toBe(item.type);

      const walked: unknown[] = [];
      let after: string | undefined;
      for (let i = 0; i < 3; i++) {
        const page = await h.call('GET', `/v1/events?limit=1${after ? `&after=${after}` : ''}`, { key: h.keys.feeder });
        walked.push(
          ...(page.body.data as { type: string; payoutId: string; version: number }[]).map((e) => [
            e.type,
            e.payoutId,
            e.version,
          ]),
        );
        after = page.body.nextCursor as string;
      }
      expect(walked).toEqual(expected);
      const caughtUp = await h.call('GET', `/v1/events?after=${after}`, { key: h.keys.feeder });
      expect(caughtUp.body).toEqual({ data: [], nextCursor: after });

      await h.call('POST', `/v1/payouts/${b.id}/cancel`, { key: h.keys.feeder });
      const next = await feedUntil(`/v1/events?after=${after}`, 1);
      expect((next.body.data as { type: string; payoutId: string }[]).map((e) => [e.type, e.payoutId])).toEqual([
        ['payout.canceled', b.id],
      ]);
    });

    it('refuses a cursor it did not hand out, naming the field', async () => {
      const answer = await h.call('GET', '/v1/events?after=garbage', { key: h.keys.feeder });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'after' })]);
    });
  });
});
