import { queryOnce } from '../support/database';
import { startPayoutsApi, VALID_PAYOUT, type ApiCall, type PayoutsApiHarness } from '../support/payouts-api';

const HEADER =
  'id,createdAt,status,amount,amountDecimal,currency,reference,customerId,provider,providerReference,rail,failureCode,completedAt,batchId';

/** A strict RFC 4180 reader: records of fields, CRLF between records, quoted fields with doubled quotes. */
function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    if (field === '' && text[i] === '"') {
      i += 1;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) throw new Error('unterminated quoted field');
        field += text.slice(i, quote);
        if (text[quote + 1] === '"') {
          field += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
    } else if (text[i] === ',') {
      fields.push(field);
      field = '';
      i += 1;
    } else if (text.startsWith('\r\n', i)) {
      fields.push(field);
      records.push(fields);
      fields = [];
      field = '';
      i += 2;
    } else {
      if (text[i] === '"' || text[i] === '\n' || text[i] === '\r') throw new Error(`bare ${JSON.stringify(text[i])}`);
      field += text[i];
      i += 1;
    }
  }
  if (field !== '' || fields.length > 0) throw new Error('the last record has no CRLF');
  return records;
}

/** The export's records as objects keyed by the header. */
function rowsOf(call: ApiCall): Record<string, string>[] {
  const [header, ...records] = readCsv(call.text);
  expect(header.join(',')).toBe(HEADER);
  return records.map((record) => {
    expect(record).toHaveLength(header.length);
    return Object.fromEntries(header.map((name, i) => [name, record[i]]));
  });
}

// GET /v1/payouts/export through HTTP on real Postgres: what it writes, how it escapes, which filters and which
// payouts it takes, and problem+json for a bad filter.
describe('GET /v1/payouts/export', () => {
  let h: PayoutsApiHarness;
  const exportAs = (client: string, query = '') => h.call('GET', `/v1/payouts/export${query}`, { key: h.keys[client] });
  const create = async (client: string, key: string, overrides: Record<string, unknown> = {}) => {
    const response = await h.call('POST', '/v1/payouts', {
      key: h.keys[client],
      idempotencyKey: key,
      body: { ...VALID_PAYOUT, ...overrides },
    });
    if (response.status !== 201) throw new Error(response.text);
    return response.body as { id: string; createdAt: string };
  };
  let paid: { id: string; createdAt: string };
  let quoted: { id: string; createdAt: string };
  let multiLine: { id: string; createdAt: string };
  let others: { id: string; createdAt: string };

  beforeAll(async () => {
    h = await startPayoutsApi('payouts_export', {
      writer: ['payouts:write', 'payouts:read'],
      other: ['payouts:write', 'payouts:read'],
      bulk: ['payouts:write', 'payouts:read'],
      ops: ['payouts:read', 'ops:read'],
      writeOnly: ['payouts:write'],
      batcher: ['payouts:write', 'payouts:read'],
    });
    paid = await create('writer', 'export-paid', { amount: '12345678', reference: 'order-1' });
    quoted = await create('writer', 'export-quoted', {
      amount: '5',
      reference: 'inv 7, "urgent"',
      customer: { id: 'cust,"9"' },
    });
    multiLine = await create('writer', 'export-multi-line', { reference: 'placeholder', customer: null });
    others = await create('other', 'export-others', { reference: 'order-1' });
    // What the API refuses today (a line break) may be in older rows: the export still writes a valid file.
    await queryOnce(h.databaseUrl, `UPDATE payouts SET reference = $2 WHERE id = $1`, [
      multiLine.id,
      'line one\r\nline two',
    ]);
    await queryOnce(
      h.databaseUrl,
      `UPDATE payouts SET status = 'succeeded', provider = 'sipay', rail = 'eft', completed_at = '2026-03-04T05:06:07.891Z'
       WHERE id = $1`,
      [paid.id],
    );
    await queryOnce(
      h.databaseUrl,
      `INSERT INTO payout_attempts (id, payout_id, provider, reference, provider_id, status, created_at, updated_at)
       VALUES (gen_random_uuid(), $1, 'sipay', 'att-1', '98765432109876543210', 'completed', now(), now())`,
      [paid.id],
    );
    await queryOnce(
      h.databaseUrl,
      `UPDATE payouts SET status = 'failed', provider = 'sipay', completed_at = now(),
         failure = '{"code":"beneficiary_mismatch","message":"name does not match"}'
       WHERE id = $1`,
      [quoted.id],
    );
  });
  afterAll(() => h?.close());

  it('streams text/csv as an attachment, the header first, newest first, every column as api.md describes', async () => {
    const call = await exportAs('writer');
    expect(call.status).toBe(200);
    expect(call.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(call.headers.get('content-disposition')).toMatch(/^attachment; filename="payouts-\d{8}T\d{6}Z\.csv"$/);
    expect(call.text.startsWith(`${HEADER}\r\n`)).toBe(true);
    const rows = rowsOf(call);
    expect(rows.map((row) => row.id)).toEqual([multiLine.id, quoted.id, paid.id]);
    expect(rows[2]).toEqual({
      id: paid.id,
      createdAt: paid.createdAt,
      status: 'succeeded',
      amount: '12345678',
      amountDecimal: '123456.78',
      currency: 'TRY',
      reference: 'order-1',
      customerId: 'user-12345',
      provider: 'sipay',
      providerReference: '98765432109876543210',
      rail: 'eft',
      failureCode: '',
      completedAt: '2026-03-04T05:06:07.891Z',
      batchId: '',
    });
    expect(rows[1]).toMatchObject({ amount: '5', amountDecimal: '0.05', status: 'failed' });
    expect(rows[1].failureCode).toBe('beneficiary_mismatch');
    expect(rows[1].completedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(rows[0]).toMatchObject({ customerId: '', provider: '', providerReference: '', rail: '', completedAt: '' });
  });

  it('escapes per RFC 4180: a comma, a quote or a line break puts the field in quotes with quotes doubled', async () => {
    const call = await exportAs('writer');
    expect(call.text).toContain(`,"inv 7, ""urgent""","cust,""9""",`);
    expect(call.text).toContain(`,"line one\r\nline two",`);
    const rows = rowsOf(call);
    expect(rows[1]).toMatchObject({ reference: 'inv 7, "urgent"', customerId: 'cust,"9"' });
    expect(rows[0].reference).toBe('line one\r\nline two');
  });

  it('takes the filters of GET /v1/payouts', async () => {
    expect(rowsOf(await exportAs('writer', '?status=failed')).map((row) => row.id)).toEqual([quoted.id]);
    expect(rowsOf(await exportAs('writer', '?reference=order-1')).map((row) => row.id)).toEqual([paid.id]);
    expect(rowsOf(await exportAs('writer', '?provider=sipay')).map((row) => row.id)).toEqual([quoted.id, paid.id]);
    expect(rowsOf(await exportAs('writer', `?createdFrom=${encodeURIComponent(quoted.createdAt)}`))).toHaveLength(2);
    expect(rowsOf(await exportAs('writer', `?createdTo=${encodeURIComponent(paid.createdAt)}`))).toHaveLength(1);
    const later = await exportAs('writer', '?createdFrom=2099-01-01');
    expect(later.status).toBe(200);
    expect(later.text).toBe(`${HEADER}\r\n`);
  });

  it('allows a filter range over a year', async () => {
    const call = await exportAs('writer', '?createdFrom=2020-01-01T00:00:00Z&createdTo=2099-12-31T23:59:59Z');
    expect(call.status).toBe(200);
    expect(rowsOf(call)).toHaveLength(3);
  });

  it('is scoped like the list: a client sees its own payouts, ops:read every client’s; payouts:read is required', async () => {
    expect(rowsOf(await exportAs('other')).map((row) => row.id)).toEqual([others.id]);
    expect(rowsOf(await exportAs('writer')).map((row) => row.id)).not.toContain(others.id);
    const all = rowsOf(await exportAs('ops', '?reference=order-1')).map((row) => row.id);
    expect(all).toEqual([others.id, paid.id]);
    const forbidden = await exportAs('writeOnly');
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('content-type')).toContain('application/problem+json');
    expect((await h.call('GET', '/v1/payouts/export')).status).toBe(401);
  });

  it.each([
    ['?status=paid', 'status'],
    ['?createdFrom=yesterday', 'createdFrom'],
    ['?createdTo=2026-13-45', 'createdTo'],
    ['?limit=10', 'limit'],
    ['?cursor=abc', 'cursor'],
    ['?provider=', 'provider'],
  ])('answers 400 problem+json for %s, naming %s, and writes no CSV', async (query, field) => {
    const call = await exportAs('writer', query);
    expect(call.status).toBe(400);
    expect(call.headers.get('content-type')).toContain('application/problem+json');
    expect(call.body).toMatchObject({ code: 'validation_failed' });
    expect(call.text).toContain(field);
    expect(call.text).not.toContain(HEADER);
  });

  it('gives a batch item’s row its batchId (and a single payout’s none)', async () => {
    const single = await create('batcher', 'export-single');
    const batch = await h.call('POST', '/v1/payout-batches', {
      key: h.keys.batcher,
      idempotencyKey: 'export-batch',
      body: {
        reference: 'export-batch',
        items: [
          { ...VALID_PAYOUT, itemReference: 'line-1' },
          { ...VALID_PAYOUT, itemReference: 'line-2' },
        ],
      },
    });
    expect(batch.status).toBe(201);
    const batchId = (batch.body as { id: string }).id;
    const rows = rowsOf(await exportAs('batcher'));
    expect(rows).toHaveLength(3);
    expect(rows.find((row) => row.id === single.id)?.batchId).toBe('');
    const items = rows.filter((row) => row.id !== single.id);
    expect(items.map((row) => row.batchId)).toEqual([batchId, batchId]);
  });

  it('writes every row exactly once across pages, ties on createdAt included, in (createdAt, id) order', async () => {
    // 2,345 payouts over three pages of 1,000; a third share one createdAt, so the page boundary falls inside a tie.
    await queryOnce(
      h.databaseUrl,
      `INSERT INTO payouts (id, client_id, status, version, amount, currency, beneficiary_name, iban_encrypted,
         iban_last4, metadata, next_check_at, created_at, updated_at, reference)
       SELECT gen_random_uuid(), $1, 'pending', 1, g, 'TRY', 'Bulk Payee', 'v1.k1.sealed', '7890', '{}', now(),
         CASE WHEN g % 3 = 0 THEN timestamptz '2026-01-01T00:00:00.123456Z'
              ELSE timestamptz '2026-01-01T00:00:00Z' + g * interval '1 millisecond' END,
         now(), 'bulk-' || g
       FROM generate_series(1, 2345) AS g`,
      [h.ids.bulk],
    );
    const expected = await queryOnce<{ id: string }>(
      h.databaseUrl,
      `SELECT id FROM payouts WHERE client_id = $1 ORDER BY created_at DESC, id DESC`,
      [h.ids.bulk],
    );
    const rows = rowsOf(await exportAs('bulk'));
    expect(rows).toHaveLength(2345);
    expect(rows.map((row) => row.id)).toEqual(expected.map((row) => row.id));
    const tied = rows.filter((row) => Number(row.amount) % 3 === 0);
    expect(new Set(tied.map((row) => row.createdAt))).toEqual(new Set(['2026-01-01T00:00:00.123Z']));
  });
});
