import { queryOnce } from '../support/database';
import { startPayoutsApi, VALID_PAYOUT, type ApiCall, type PayoutsApiHarness } from '../support/payouts-api';

const IBAN = 'TR320010009999901234567890';
const HEADER =
  'amount,currency,beneficiaryName,iban,nationalId,reference,description,itemReference,provider,scheduledFor';

const item = (n: number, overrides: Record<string, unknown> = {}) => ({
  ...VALID_PAYOUT,
  amount: String(100_000 + n),
  reference: `order-${n}`,
  itemReference: `item-${n}`,
  ...overrides,
});

/** A CSV of `rows` valid rows (row n: amount 1000+n, itemReference row-n), each row changed by `change` if given. */
function csvOf(rows: number, change: (n: number, cells: string[]) => string[] = (_n, cells) => cells): string {
  const lines = [HEADER];
  for (let n = 1; n <= rows; n++) {
    lines.push(
      change(n, [String(1000 + n), 'TRY', 'Ayşe Yılmaz', IBAN, '', `ref-${n}`, '', `row-${n}`, '', '']).join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

interface BatchBody {
  id: string;
  status: string;
  itemCount: number;
  totalAmount: string;
  currency: string;
  counts: Record<string, number>;
}

interface BatchError {
  index?: number;
  itemReference?: string;
  line?: number;
  field: string;
  message: string;
}

// Batches through the HTTP API on real Postgres and Redis (programs.md "Batches", issue 16's bad input): JSON and
// CSV intake, all-or-nothing validation that lists every bad row, idempotent replays, the reads, and scoping.
describe('payout batches API', () => {
  let h: PayoutsApiHarness;

  beforeAll(async () => {
    h = await startPayoutsApi(
      'payout_batches',
      {
        writer: ['payouts:write', 'payouts:read'],
        other: ['payouts:write', 'payouts:read'],
        reader: ['payouts:read'],
      },
      { BATCH_MAX_BYTES: String(4 * 1024 * 1024) },
    );
  });
  afterAll(() => h?.close());

  const postJson = (idempotencyKey: string, body: unknown, key = h.keys.writer) =>
    h.call('POST', '/v1/payout-batches', { key, idempotencyKey, body });

  async function postCsv(
    idempotencyKey: string,
    csv: string | Buffer,
    key = h.keys.writer,
    query = '',
  ): Promise<ApiCall> {
    const response = await fetch(`${h.api.baseUrl}/v1/payout-batches${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'idempotency-key': idempotencyKey, 'content-type': 'text/csv' },
      body: csv,
    });
    const text = await response.text();
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // not JSON
    }
    return { status: response.status, headers: response.headers, text, body };
  }

  /** Rows of everything a batch request may store: none may change when a batch is refused. */
  const stored = async () =>
    (
      await queryOnce<{ batches: number; payouts: number; events: number; keys: number; outbox: number }>(
        h.databaseUrl,
        `SELECT (SELECT count(*)::int FROM payout_batches) AS batches, (SELECT count(*)::int FROM payouts) AS payouts,
           (SELECT count(*)::int FROM payout_events) AS events, (SELECT count(*)::int FROM idempotency_keys) AS keys,
           (SELECT count(*)::int FROM outbox) AS outbox`,
      )
    )[0];

  /** Sends a bad batch, expects 422 batch_invalid, and that nothing was stored; gives its errors. */
  async function refused(send: () => Promise<ApiCall>): Promise<BatchError[]> {
    const before = await stored();
    const answer = await send();
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ status: 422, code: 'batch_invalid' });
    expect(answer.status).toBe(422);
    expect(await stored()).toEqual(before);
    return answer.body.errors as BatchError[];
  }

  describe('JSON', () => {
    let created: ApiCall;
    const body = {
      reference: 'payroll-2026-12',
      description: 'December payroll',
      metadata: { run: '2026-12' },
      items: [
        item(1),
        item(2, { beneficiary: { name: 'Şükrü Öztürk', iban: 'TR32 0010 0099 9990 1234 5678 90' } }),
        item(3, { scheduledFor: new Date(Date.now() + 3_600_000).toISOString() }),
      ],
    };

    it('stores a valid batch with all its payouts in one go and answers 201 with the batch', async () => {
      const before = await stored();
      created = await postJson('batch-json-1', body);
      expect(created.status).toBe(201);
      const batch = created.body as unknown as BatchBody;
      expect(created.headers.get('location')).toBe(`/v1/payout-batches/${batch.id}`);
      expect(Object.keys(created.body)).toEqual([
        'id',
        'status',
        'reference',
        'description',
        'metadata',
        'itemCount',
        'totalAmount',
        'currency',
        'counts',
        'createdAt',
        'completedAt',
      ]);
      expect(created.body).toMatchObject({
        status: 'open',
        reference: 'payroll-2026-12',
        description: 'December payroll',
        metadata: { run: '2026-12' },
        itemCount: 3,
        totalAmount: String(100_001 + 100_002 + 100_003),
        currency: 'TRY',
        counts: { pending: 2, scheduled: 1, processing: 0, succeeded: 0 },
        completedAt: null,
      });

      const rows = await queryOnce<{ status: string; item_reference: string; iban_encrypted: string; amount: string }>(
        h.databaseUrl,
        'SELECT status, item_reference, iban_encrypted, amount::text FROM payouts WHERE batch_id = $1 ORDER BY id',
        [batch.id],
      );
      expect(rows.map((row) => [row.item_reference, row.status, row.amount])).toEqual([
        ['item-1', 'pending', '100001'],
        ['item-2', 'pending', '100002'],
        ['item-3', 'scheduled', '100003'],
      ]);
      for (const row of rows) expect(row.iban_encrypted).not.toContain(IBAN.slice(4));
      const after = await stored();
      expect(after).toMatchObject({
        batches: before.batches + 1,
        payouts: before.payouts + 3,
        events: before.events + 3,
        keys: before.keys + 1,
      });
      // No dispatch job per item: the batch lifecycle feeds them to dispatch.
      const dispatchJobs = await queryOnce<{ count: number }>(
        h.databaseUrl,
        "SELECT count(*)::int AS count FROM outbox WHERE job_name = 'dispatch-payout'",
      );
      expect(dispatchJobs[0].count).toBe(0);
    });

    it('shows each item as a payout with its batchId and itemReference, and its creation event', async () => {
      const batch = created.body as unknown as BatchBody;
      const items = await h.call('GET', `/v1/payout-batches/${batch.id}/items`, { key: h.keys.writer });
      expect(items.status).toBe(200);
      const data = items.body.data as Record<string, unknown>[];
      expect(data.map((payout) => [payout.itemReference, payout.batchId, payout.status])).toEqual([
        ['item-1', batch.id, 'pending'],
        ['item-2', batch.id, 'pending'],
        ['item-3', batch.id, 'scheduled'],
      ]);
      expect(data[1]).toMatchObject({ beneficiary: { name: 'Şükrü Öztürk', ibanLast4: '7890' } });
      const payout = await h.call('GET', `/v1/payouts/${String(data[0].id)}?expand=events`, { key: h.keys.writer });
      expect(payout.body).toMatchObject({
        batchId: batch.id,
        itemReference: 'item-1',
        events: [{ from: null, to: 'pending', source: 'api', applied: true, reason: 'created' }],
      });
    });

    it('replays the first answer for the same key and body (IBAN spacing aside), and refuses another body', async () => {
      const before = await stored();
      const replay = await postJson('batch-json-1', {
        ...body,
        items: body.items.map((entry) => ({
          ...entry,
          beneficiary: { ...entry.beneficiary, iban: entry.beneficiary.iban.replace(/ /g, '') },
        })),
      });
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.text).toBe(created.text);

      const other = await postJson('batch-json-1', { ...body, reference: 'another' });
      expect(other.status).toBe(422);
      expect(other.body).toMatchObject({ code: 'idempotency_key_reused' });
      // One key namespace with payouts: a payout under the batch's key is a reused key too.
      const payout = await h.call('POST', '/v1/payouts', {
        key: h.keys.writer,
        idempotencyKey: 'batch-json-1',
        body: VALID_PAYOUT,
      });
      expect(payout.body).toMatchObject({ code: 'idempotency_key_reused' });
      // An invalid body under a used key is a reused key, not a batch_invalid.
      const invalid = await postJson('batch-json-1', { items: [item(1, { amount: '1,50' })] });
      expect(invalid.body).toMatchObject({ code: 'idempotency_key_reused' });
      expect(await stored()).toEqual(before);
    });

    it('lists every problem of every invalid item, and stores nothing', async () => {
      const errors = await refused(() =>
        postJson('batch-json-bad', {
          items: [
            item(0),
            item(1, { amount: '1,50' }),
            item(2, { beneficiary: { name: 'Ahmet Yılmaz', iban: 'TR320010009999901234567891' } }),
            item(3, { itemReference: 'item-0' }),
            item(4, { currency: 'EUR' }),
            item(5, { surprise: true }),
            'not an object',
          ],
        }),
      );
      expect(errors.map((error) => [error.index, error.itemReference, error.field])).toEqual([
        [1, 'item-1', 'amount'],
        [2, 'item-2', 'beneficiary.iban'],
        [3, 'item-0', 'itemReference'],
        // EUR: no provider pays it (the single payout's rule), and it is not the batch's currency.
        [4, 'item-4', 'currency'],
        [4, 'item-4', 'currency'],
        [5, 'item-5', 'surprise'],
        [6, undefined, 'item'],
      ]);
      expect(errors.find((error) => error.index === 3)?.message).toBe('repeats the itemReference of item 0');
      expect(errors.filter((error) => error.index === 4).map((error) => error.message)).toContainEqual(
        'is EUR, but the batch is in TRY: one batch, one currency',
      );
      for (const error of errors) expect(error).not.toHaveProperty('line');
    });

    it('refuses batch-level problems: no items, bad fields beside items', async () => {
      expect(await refused(() => postJson('batch-json-empty', { items: [] }))).toEqual([
        { field: 'items', message: 'holds no item: a batch needs at least one' },
      ]);
      const errors = await refused(() => postJson('batch-json-fields', { reference: '', extra: 1, items: 'x' }));
      expect(errors.map((error) => error.field).sort()).toEqual(['extra', 'items', 'items', 'reference']);
    });

    it('answers 400 for a body that is not JSON, 415 for another media type', async () => {
      const broken = await h.call('POST', '/v1/payout-batches', {
        key: h.keys.writer,
        idempotencyKey: 'b-raw',
        raw: '{"items": [',
      });
      expect(broken.status).toBe(400);
      const xml = await fetch(`${h.api.baseUrl}/v1/payout-batches`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${h.keys.writer}`,
          'idempotency-key': 'b-xml',
          'content-type': 'application/xml',
        },
        body: '<items/>',
      });
      expect(xml.status).toBe(415);
    });
  });

  describe('CSV', () => {
    it('stores a CSV batch: BOM, CRLF, RFC 4180 quoting and Turkish characters, an empty cell being absent', async () => {
      const csv = Buffer.from(
        '\ufeff' +
          `${HEADER}\r\n` +
          `150000,TRY,Şükrü Öztürk,${IBAN},10000000146,inv-1,"Aralık maaşı, ikramiye",row-1,,\r\n` +
          `250000,TRY,"İpek Çağlar-Öz",${IBAN},,,"Ocak ""avans"", kısmi",row-2,,\r\n`,
        'utf8',
      );
      const created = await postCsv('batch-csv-1', csv, h.keys.writer, '?reference=csv-run');
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ itemCount: 2, totalAmount: '400000', reference: 'csv-run', status: 'open' });
      const items = await h.call('GET', `/v1/payout-batches/${String(created.body.id)}/items`, { key: h.keys.writer });
      expect(
        (items.body.data as Record<string, unknown>[]).map((payout) => [
          payout.itemReference,
          payout.beneficiary,
          payout.description,
          payout.reference,
        ]),
      ).toEqual([
        ['row-1', { name: 'Şükrü Öztürk', ibanLast4: '7890', bankCode: '00100' }, 'Aralık maaşı, ikramiye', 'inv-1'],
        ['row-2', { name: 'İpek Çağlar-Öz', ibanLast4: '7890', bankCode: '00100' }, 'Ocak "avans", kısmi', null],
      ]);

      const replay = await postCsv('batch-csv-1', csv, h.keys.writer, '?reference=csv-run');
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.text).toBe(created.text);
    });

    it('refuses a wrong header, naming it on line 1', async () => {
      const errors = await refused(() =>
        postCsv('batch-csv-header', csvOf(3).replace('beneficiaryName', 'beneficiary_name')),
      );
      expect(errors).toEqual([
        expect.objectContaining({ line: 1, field: 'header', message: expect.stringContaining('"beneficiary_name"') }),
        { line: 1, field: 'header', message: 'the column "beneficiaryName" is missing' },
      ]);
    });

    it('names the bad IBAN on data row 7,345 of a 10,000-row CSV, and only it', async () => {
      const csv = csvOf(10_000, (n, cells) =>
        n === 7_345 ? cells.map((cell) => (cell === IBAN ? `${IBAN.slice(0, -1)}1` : cell)) : cells,
      );
      const errors = await refused(() => postCsv('batch-csv-iban', csv));
      expect(errors).toEqual([
        { index: 7_344, itemReference: 'row-7345', line: 7_346, field: 'iban', message: expect.any(String) },
      ]);
      expect(errors[0].message).not.toContain(IBAN.slice(4, -1));
    });

    it('names every repeated itemReference, amount with a comma and foreign currency, each on its line', async () => {
      const csv = csvOf(6, (n, cells) => {
        if (n === 2) cells[0] = '"1,50"';
        if (n === 4) cells[7] = 'row-1';
        if (n === 5) cells[7] = 'row-1';
        if (n === 6) cells[1] = 'USD';
        return cells;
      });
      const errors = await refused(() => postCsv('batch-csv-mixed', csv));
      expect(errors.map((error) => [error.index, error.line, error.itemReference, error.field])).toEqual([
        [1, 3, 'row-2', 'amount'],
        [3, 5, 'row-1', 'itemReference'],
        [4, 6, 'row-1', 'itemReference'],
        [5, 7, 'row-6', 'currency'],
        [5, 7, 'row-6', 'currency'],
      ]);
      expect(errors.filter((error) => error.field === 'itemReference').map((error) => error.message)).toEqual([
        'repeats the itemReference of line 2',
        'repeats the itemReference of line 2',
      ]);
    });

    it('stores a valid 10,000-row CSV with all its payouts and events', async () => {
      const before = await stored();
      const started = performance.now();
      const created = await postCsv('batch-csv-10k', csvOf(10_000));
      const ms = performance.now() - started;
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ itemCount: 10_000, counts: { pending: 10_000 } });
      expect(await stored()).toMatchObject({
        batches: before.batches + 1,
        payouts: before.payouts + 10_000,
        events: before.events + 10_000,
        keys: before.keys + 1,
      });
      process.stderr.write(`a 10,000-row CSV batch validated and stored in ${Math.round(ms)} ms\n`);
    });

    it('refuses 10,001 rows (BATCH_MAX_ITEMS 10,000), with the bad rows among the first 10,000', async () => {
      const errors = await refused(() =>
        postCsv(
          'batch-csv-many',
          csvOf(10_001, (n, cells) => (n === 3 ? ['x', ...cells.slice(1)] : cells)),
        ),
      );
      expect(errors).toEqual([
        { field: 'items', message: 'holds 10001 items; a batch holds at most 10000' },
        expect.objectContaining({ index: 2, line: 4, field: 'amount' }),
      ]);
      // JSON alike: items past the limit are counted, not read.
      const json = await refused(() =>
        postJson('batch-json-many', { items: Array.from({ length: 10_001 }, (_, n) => item(n)) }),
      );
      expect(json).toEqual([{ field: 'items', message: 'holds 10001 items; a batch holds at most 10000' }]);
    });

    it('refuses a 20 MB file with 413 problem+json, storing nothing', async () => {
      const before = await stored();
      const row = `1000,TRY,Ayşe Yılmaz,${IBAN},,,${'x'.repeat(400)},row,,\r\n`;
      const big = Buffer.from(HEADER + '\r\n' + row.repeat(Math.ceil((20 * 1024 * 1024) / row.length)));
      expect(big.length).toBeGreaterThanOrEqual(20 * 1024 * 1024);
      const answer = await postCsv('batch-csv-big', big);
      expect(answer.status).toBe(413);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body).toMatchObject({ code: 'payload_too_large', status: 413 });
      expect(await stored()).toEqual(before);
    });

    it('refuses a chunked body (no Content-Length) once it crosses BATCH_MAX_BYTES, storing nothing', async () => {
      const before = await stored();
      const row = Buffer.from(`1000,TRY,Ayşe Yılmaz,${IBAN},,,,row,,\r\n`);
      async function* chunks() {
        yield Buffer.from(`${HEADER}\r\n`);
        // 5 MiB of rows against the 4 MiB cap of this suite.
        for (let sent = 0; sent < 5 * 1024 * 1024; sent += row.length * 1000)
          yield Buffer.concat(Array(1000).fill(row));
      }
      const response = await fetch(`${h.api.baseUrl}/v1/payout-batches`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${h.keys.writer}`,
          'idempotency-key': 'batch-chunked',
          'content-type': 'text/csv',
        },
        body: chunks() as unknown as RequestInit['body'],
        duplex: 'half',
      } as RequestInit);
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ code: 'payload_too_large' });
      expect(await stored()).toEqual(before);
    });

    it('refuses a row with another number of cells than the header', async () => {
      const errors = await refused(() =>
        postCsv(
          'batch-csv-cells',
          csvOf(2, (n, cells) => (n === 2 ? cells.slice(0, 8) : cells)),
        ),
      );
      expect(errors).toEqual([
        { index: 1, line: 3, itemReference: 'row-2', field: 'row', message: 'has 8 cells; the header has 10' },
      ]);
    });
  });

  describe('reads', () => {
    let batchId: string;

    beforeAll(async () => {
      const created = await postCsv('batch-reads', csvOf(5));
      expect(created.status).toBe(201);
      batchId = String(created.body.id);
    });

    it('gets a batch with its counts, grouped from its items', async () => {
      const batch = await h.call('GET', `/v1/payout-batches/${batchId}`, { key: h.keys.writer });
      expect(batch.status).toBe(200);
      expect(batch.body).toMatchObject({
        id: batchId,
        itemCount: 5,
        totalAmount: String(1001 + 1002 + 1003 + 1004 + 1005),
      });
      expect((batch.body.counts as Record<string, number>).pending).toBe(5);
    });

    it('lists batches newest first, page by page', async () => {
      const first = await h.call('GET', '/v1/payout-batches?limit=1', { key: h.keys.writer });
      expect(first.status).toBe(200);
      expect((first.body.data as BatchBody[]).map((batch) => batch.id)).toEqual([batchId]);
      const seen = [batchId];
      let cursor = first.body.nextCursor as string | null;
      while (cursor !== null) {
        const page = await h.call('GET', `/v1/payout-batches?limit=1&cursor=${cursor}`, { key: h.keys.writer });
        seen.push(...(page.body.data as BatchBody[]).map((batch) => batch.id));
        cursor = page.body.nextCursor as string | null;
      }
      const own = await queryOnce<{ id: string }>(
        h.databaseUrl,
        'SELECT id FROM payout_batches WHERE client_id = $1 ORDER BY created_at DESC, id DESC',
        [h.ids.writer],
      );
      expect(seen).toEqual(own.map((row) => row.id));
    });

    it('lists items by status and page, in the order of the request', async () => {
      const firstPage = await h.call('GET', `/v1/payout-batches/${batchId}/items?limit=2`, { key: h.keys.writer });
      const secondPage = await h.call(
        'GET',
        `/v1/payout-batches/${batchId}/items?limit=2&cursor=${String(firstPage.body.nextCursor)}`,
        { key: h.keys.writer },
      );
      const references = [
        ...(firstPage.body.data as { itemReference: string }[]),
        ...(secondPage.body.data as { itemReference: string }[]),
      ].map((payout) => payout.itemReference);
      expect(references).toEqual(['row-1', 'row-2', 'row-3', 'row-4']);
      const pending = await h.call('GET', `/v1/payout-batches/${batchId}/items?status=pending`, { key: h.keys.writer });
      expect((pending.body.data as unknown[]).length).toBe(5);
      const none = await h.call('GET', `/v1/payout-batches/${batchId}/items?status=succeeded`, { key: h.keys.writer });
      expect(none.body).toEqual({ data: [], nextCursor: null });
      const badCursor = await h.call('GET', `/v1/payout-batches/${batchId}/items?cursor=nope`, { key: h.keys.writer });
      expect(badCursor.status).toBe(400);
    });

    it('exports every item as CSV', async () => {
      const response = await fetch(`${h.api.baseUrl}/v1/payout-batches/${batchId}/items.csv`, {
        headers: { authorization: `Bearer ${h.keys.writer}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/csv');
      const lines = (await response.text()).trimEnd().split('\r\n');
      expect(lines[0]).toBe(
        'itemReference,payoutId,status,amount,currency,provider,providerReference,failureCode,completedAt',
      );
      expect(lines).toHaveLength(6);
      const ids = await queryOnce<{ id: string; item_reference: string }>(
        h.databaseUrl,
        'SELECT id, item_reference FROM payouts WHERE batch_id = $1 ORDER BY id',
        [batchId],
      );
      expect(lines.slice(1)).toEqual(
        ids.map((row, n) => `${row.item_reference},${row.id},pending,${1001 + n},TRY,,,,`),
      );
    });

    it('shows a batch only to its client: another client gets 404 everywhere and does not list it', async () => {
      for (const path of [
        `/v1/payout-batches/${batchId}`,
        `/v1/payout-batches/${batchId}/items`,
        `/v1/payout-batches/${batchId}/items.csv`,
      ]) {
        const answer = await h.call('GET', path, { key: h.keys.other });
        expect(answer.status).toBe(404);
        expect(answer.body).toMatchObject({ code: 'not_found' });
      }
      const list = await h.call('GET', '/v1/payout-batches', { key: h.keys.other });
      expect(list.body).toEqual({ data: [], nextCursor: null });
      const notUuid = await h.call('GET', '/v1/payout-batches/nope', { key: h.keys.writer });
      expect(notUuid.status).toBe(404);
    });

    it('needs payouts:write to create a batch', async () => {
      const answer = await postJson('batch-reader', { items: [item(1)] }, h.keys.reader);
      expect(answer.status).toBe(403);
    });
  });
});
