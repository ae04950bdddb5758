import { randomBytes, randomUUID } from 'node:crypto';
import { queryOnce } from '../support/database';
import { startPayoutsApi, VALID_PAYOUT, type ApiCall, type PayoutsApiHarness } from '../support/payouts-api';

// Hostile input, as a caller would craft it: each is refused with a problem+json naming what is wrong, never a 500,
// and nothing in the database changes.

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const SOME_ID = '0193a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b';

/** Row counts of every table but the migrations list: "nothing changed" for a refused request. */
async function tableCounts(databaseUrl: string): Promise<Record<string, number>> {
  const tables = await queryOnce<{ name: string }>(
    databaseUrl,
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY 1",
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await queryOnce<{ n: string }>(databaseUrl, `SELECT count(*)::text AS n FROM "${name}"`);
    counts[name] = Number(row.n);
  }
  return counts;
}

function expectProblem(answer: ApiCall, status: number, code: string, field?: string): void {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect(answer.body).toMatchObject({
    type: `https://payouts.internal/problems/${code.replace(/_/g, '-')}`,
    title: expect.any(String),
    status,
    code,
    detail: expect.any(String),
  });
  if (field !== undefined) {
    expect((answer.body.errors as { field: string }[]).map((error) => error.field)).toContain(field);
  }
}

describe('hostile input', () => {
  let h: PayoutsApiHarness;
  let counter = 0;
  const as = (client: string) => (method: string, path: string, body?: unknown) =>
    h.call(method, path, { key: h.keys[client], body, idempotencyKey: `hostile-${counter++}` });
  /** A request with a body of the given Content-Type (none when undefined). */
  const sendRaw = async (client: string, method: string, path: string, type: string | undefined, body: string) => {
    const headers: Record<string, string> = {
      authorization: `Bearer ${h.keys[client]}`,
      'idempotency-key': `hostile-raw-${counter++}`,
    };
    if (type !== undefined) headers['content-type'] = type;
    const response = await fetch(`${h.api.baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, body: JSON.parse(text) } as ApiCall;
  };

  beforeAll(async () => {
    h = await startPayoutsApi(
      'hostile_input',
      {
        writer: ['payouts:write', 'payouts:read'],
        ops: ['ops:read', 'ops:write', 'payouts:read'],
        admin: ['routing:admin'],
      },
      { REDIS_KEY_PREFIX: `hi${randomBytes(3).toString('hex')}:` },
    );
  });
  afterAll(() => h?.close());

  describe('cursors and feed positions', () => {
    it.each([
      ['an id of 36 dashes', b64(`2026-01-01T00:00:00.000Z|${'-'.repeat(36)}`)],
      ['a time before Postgres timestamps begin', b64(`-271821-04-20T00:00:00.000Z|${SOME_ID}`)],
      ['a time after year 9999', b64(`+275760-09-13T00:00:00.000Z|${SOME_ID}`)],
      ['a bare number for the time', b64(`1|${SOME_ID}`)],
      ['garbage', 'not a cursor'],
    ])('GET /v1/payouts refuses a crafted cursor (%s) with 400 naming cursor', async (_case, cursor) => {
      const answer = await as('writer')('GET', `/v1/payouts?cursor=${encodeURIComponent(cursor)}`);
      expectProblem(answer, 400, 'validation_failed', 'cursor');
    });

    it.each([
      ['a transaction id above the bigint range', b64('9223372036854775808.1')],
      ['an event id above the bigint range', b64('1.9999999999999999999')],
      ['leading zeros', b64('0001.1')],
      ['garbage', 'x'],
    ])('GET /v1/events refuses a crafted position (%s) with 400 naming after', async (_case, after) => {
      const answer = await as('writer')('GET', `/v1/events?after=${encodeURIComponent(after)}`);
      expectProblem(answer, 400, 'validation_failed', 'after');
    });

    it('still pages with the cursors it issues', async () => {
      const first = await as('writer')('POST', '/v1/payouts', VALID_PAYOUT);
      const second = await as('writer')('POST', '/v1/payouts', VALID_PAYOUT);
      expect([first.status, second.status]).toEqual([201, 201]);
      const page = await as('writer')('GET', '/v1/payouts?limit=1');
      const next = await as('writer')('GET', `/v1/payouts?limit=1&cursor=${page.body.nextCursor as string}`);
      expect(next.status).toBe(200);
      expect((next.body.data as { id: string }[])[0].id).toBe(first.body.id);
      const feed = await as('writer')('GET', `/v1/events?after=${b64('1.1')}`);
      expect(feed.status).toBe(200);
    });
  });

  describe('other query parameters that reach casts', () => {
    it.each([
      ['/v1/payouts?createdFrom=20260101', 'createdFrom'],
      ['/v1/payouts?createdFrom=2026-W01', 'createdFrom'],
      ['/v1/payouts?createdTo=2026-001', 'createdTo'],
      ['/v1/payouts?provider=%00', 'provider'],
      ['/v1/payouts?reference=order%00991', 'reference'],
      ['/v1/ops/stuck?olderThan=999999999d', 'olderThan'],
      ['/v1/ops/stuck?olderThan=3651d', 'olderThan'],
      ['/v1/ops/stuck?provider=%00', 'provider'],
    ])('GET %s is 400 naming %s', async (path, field) => {
      const answer = await as('ops')('GET', path);
      expectProblem(answer, 400, 'validation_failed', field);
    });

    it('accepts the date forms it documents', async () => {
      for (const query of [
        'createdFrom=2026-01-31',
        'createdFrom=2026-01-31T12:00:00Z',
        'createdTo=2026-01-31T12:00%2B03:00',
      ]) {
        expect((await as('writer')('GET', `/v1/payouts?${query}`)).status).toBe(200);
      }
      expect((await as('ops')('GET', '/v1/ops/stuck?olderThan=3650d')).status).toBe(200);
    });
  });

  describe('bodies that are not JSON', () => {
    it.each([
      ['POST', '/v1/payouts', 'writer', 'text/plain'],
      ['POST', '/v1/payouts', 'writer', 'application/x-www-form-urlencoded'],
      ['POST', '/v1/payouts', 'writer', undefined],
      ['POST', `/v1/payouts/${SOME_ID}/cancel`, 'writer', 'text/plain'],
      ['POST', '/v1/routing/explain', 'admin', 'text/plain'],
      ['POST', '/v1/routing/rules', 'admin', 'text/csv'],
      ['PUT', `/v1/routing/rules/${SOME_ID}`, 'admin', 'text/plain'],
      ['PATCH', '/v1/providers/sipay', 'admin', 'text/plain'],
      ['POST', `/v1/ops/payouts/${SOME_ID}/resolve`, 'ops', 'text/plain'],
      ['POST', `/v1/ops/payouts/${SOME_ID}/refresh`, 'ops', 'application/xml'],
    ])(
      '%s %s as %s with Content-Type %s is 415 unsupported_media_type and changes nothing',
      async (method, path, client, type) => {
        const before = await tableCounts(h.databaseUrl);
        const answer = await sendRaw(client, method, path, type, JSON.stringify({ ...VALID_PAYOUT, reason: 'x' }));
        expectProblem(answer, 415, 'unsupported_media_type');
        expect(answer.body.detail).toContain('application/json');
        expect(await tableCounts(h.databaseUrl)).toEqual(before);
      },
    );

    it('does not spend the Idempotency-Key of a refused body: the JSON retry creates the payout', async () => {
      const key = `hostile-415-${randomUUID()}`;
      const headers = { authorization: `Bearer ${h.keys.writer}`, 'idempotency-key': key };
      const body = JSON.stringify(VALID_PAYOUT);
      const refused = await fetch(`${h.api.baseUrl}/v1/payouts`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'text/plain' },
        body,
      });
      expect(refused.status).toBe(415);
      const created = await h.call('POST', '/v1/payouts', {
        key: h.keys.writer,
        idempotencyKey: key,
        body: VALID_PAYOUT,
      });
      expect(created.status).toBe(201);
      expect(created.headers.get('idempotent-replayed')).toBeNull();
    });

    it('keeps a body-less cancel working without any Content-Type', async () => {
      const created = await as('writer')('POST', '/v1/payouts', VALID_PAYOUT);
      const response = await fetch(`${h.api.baseUrl}/v1/payouts/${created.body.id as string}/cancel`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.keys.writer}` },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'canceled' });
    });

    it('leaves provider webhooks to read their raw bodies as before (a bad signature is still 401, not 415)', async () => {
      const response = await fetch(`${h.api.baseUrl}/v1/webhooks/pientegra`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: '{"event":"withdrawal.completed"}',
      });
      expect(response.status).toBe(401);
    });
  });

  describe('control and bidirectional characters in text fields', () => {
    const payoutCases: [string, string, Record<string, unknown>][] = [
      ['a right-to-left override in the description', 'description', { description: 'Winnings\u202E lasrawdhtiw' }],
      ['a NUL in the reference', 'reference', { reference: 'order\u0000991' }],
      ['a newline in the reference', 'reference', { reference: 'order-991\nFORGED' }],
      ['a C1 control in the customer id', 'customer.id', { customer: { id: 'user\u0085-1' } }],
      ['an isolate in the customer label', 'customer.label', { customer: { id: 'u', label: 'Ahmet\u2067 Y.' } }],
      ['a bidi override in a metadata key', 'metadata', { metadata: { 'order\u202EId': '991' } }],
      ['an escape sequence in a metadata value', 'metadata', { metadata: { orderId: '991\u001b[2J' } }],
      [
        'a right-to-left mark in the beneficiary name',
        'beneficiary.name',
        {
          beneficiary: { ...VALID_PAYOUT.beneficiary, name: 'Ahmet\u200F Yılmaz' },
        },
      ],
    ];

    it.each(payoutCases)('POST /v1/payouts refuses %s, naming %s, and stores nothing', async (_case, field, change) => {
      const before = await tableCounts(h.databaseUrl);
      const answer = await as('writer')('POST', '/v1/payouts', { ...VALID_PAYOUT, ...change });
      expectProblem(answer, 400, 'validation_failed', field);
      expect(await tableCounts(h.databaseUrl)).toEqual(before);
    });

    it.each([
      ['a rule name', 'POST', '/v1/routing/rules', 'name', { name: 'large\u202E', reason: 'why' }],
      ['a rule reason', 'POST', '/v1/routing/rules', 'reason', { name: 'large', reason: 'why\u0000' }],
      [
        'a metadata match value',
        'POST',
        '/v1/routing/rules',
        'match.metadata',
        {
          name: 'large',
          reason: 'why',
          match: { metadata: { tier: 'gold\u202E' } },
        },
      ],
      ['a provider change reason', 'PATCH', '/v1/providers/sipay', 'reason', { drain: true, reason: 'night\u2066' }],
      [
        'a resolve reason',
        'POST',
        `/v1/ops/payouts/${SOME_ID}/resolve`,
        'reason',
        {
          status: 'failed',
          reason: 'ticket\n4411',
          evidence: 'mail',
        },
      ],
      [
        'resolve evidence',
        'POST',
        `/v1/ops/payouts/${SOME_ID}/resolve`,
        'evidence',
        {
          status: 'failed',
          reason: 'ticket 4411',
          evidence: 'mail\u0000',
        },
      ],
      ['a refresh reason', 'POST', `/v1/ops/payouts/${SOME_ID}/refresh`, 'reason', { reason: 'asked\u202D' }],
    ])('refuses control or bidi characters in %s', async (_case, method, path, field, body) => {
      const client = path.startsWith('/v1/ops') ? 'ops' : 'admin';
      const rule = { priority: 5, targets: [{ provider: 'sipay', weight: 1 }] };
      const before = await tableCounts(h.databaseUrl);
      const answer = await as(client)(method, path, path === '/v1/routing/rules' ? { ...rule, ...body } : body);
      expectProblem(answer, 400, 'validation_failed', field);
      expect(await tableCounts(h.databaseUrl)).toEqual(before);
    });

    it('refuses a bidi override in a DELETE ?reason', async () => {
      const rule = await as('admin')('POST', '/v1/routing/rules', {
        name: 'to delete',
        priority: 7,
        targets: [{ provider: 'sipay', weight: 1 }],
        reason: 'test rule',
      });
      expect(rule.status).toBe(201);
      const before = await tableCounts(h.databaseUrl);
      const answer = await as('admin')('DELETE', `/v1/routing/rules/${rule.body.id as string}?reason=retired%E2%80%AE`);
      expectProblem(answer, 400, 'validation_failed', 'reason');
      expect(await tableCounts(h.databaseUrl)).toEqual(before);
    });

    it('keeps line breaks in resolve evidence (multi-line): validation passes and the unknown payout is 404', async () => {
      const answer = await as('ops')('POST', `/v1/ops/payouts/${SOME_ID}/resolve`, {
        status: 'failed',
        reason: 'ticket 4411',
        evidence: 'provider email:\r\n\tthe transfer was rejected',
      });
      expectProblem(answer, 404, 'not_found');
    });
  });

  describe('a malformed ops session cookie', () => {
    const withCookie = (path: string) =>
      fetch(`${h.api.baseUrl}${path}`, { headers: { cookie: 'ops_session=%E0%A4%A' }, redirect: 'manual' });

    it('is not signed in: /ops and /ops/queues redirect to the login, the login form is shown', async () => {
      for (const path of ['/ops', '/ops/queues']) {
        const response = await withCookie(path);
        expect(response.status).toBe(303);
        expect(response.headers.get('location')).toBe('/ops/login');
      }
      const login = await withCookie('/ops/login');
      expect(login.status).toBe(200);
      expect(await login.text()).toContain('name="key"');
    });

    it('is not signed in for a queue dashboard call either: 401, not 500', async () => {
      const response = await fetch(`${h.api.baseUrl}/ops/queues/api/queues/dispatch/pause`, {
        method: 'PUT',
        headers: { cookie: 'ops_session=%E0%A4%A' },
      });
      expect(response.status).toBe(401);
    });
  });
});
