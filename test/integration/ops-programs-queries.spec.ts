import { v7 as uuidv7 } from 'uuid';
import { PROGRAMS_PAGE_SIZE, ReadOpsPrograms } from '@libs/ops/application';
import { OpsProgramsQueries } from '@libs/ops/persistence/ops-programs.queries';
import { createClients } from '../support/clients';
import { payoutsOnPostgres } from '../support/payouts-on-postgres';

// The /ops page's program lists on a real database: every client's scheduled payouts, the earliest release first, with
// the client's name; every client's batches, newest first, with their items counted by status; each a page at a time
// by keyset (ReadOpsPrograms' cursors through the store's SQL).
const T0 = new Date('2026-05-26T08:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

describe('ops program queries', () => {
  let db: Awaited<ReturnType<typeof payoutsOnPostgres>>;
  let queries: OpsProgramsQueries;
  let otherClient: string;

  async function seed(seed: {
    client?: string;
    status?: string;
    scheduledFor: Date | null;
    nextCheckAt?: Date;
    batch?: { id: string; item: string };
    createdAt?: Date;
  }) {
    const id = uuidv7();
    await db.dataSource.query(
      `INSERT INTO payouts (id, client_id, status, version, amount, currency, beneficiary_name, iban_encrypted,
         iban_last4, scheduled_for, next_check_at, created_at, updated_at, batch_id, item_reference)
       VALUES ($1, $2, $3, 1, 1000, 'TRY', 'Ahmet Yılmaz', 'sealed', '7890', $4, $5, $6, $6, $7, $8)`,
      [
        id,
        seed.client ?? db.clientId,
        seed.status ?? 'scheduled',
        seed.scheduledFor,
        seed.nextCheckAt ?? seed.scheduledFor,
        seed.createdAt ?? T0,
        seed.batch?.id ?? null,
        seed.batch?.item ?? null,
      ],
    );
    return id;
  }

  async function seedBatch(batch: { client?: string; createdAt: Date; items: string[]; status?: string }) {
    const id = uuidv7();
    await db.dataSource.query(
      `INSERT INTO payout_batches (id, client_id, status, reference, item_count, total_amount, currency, created_at,
         updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'TRY', $7, $7)`,
      [
        id,
        batch.client ?? db.clientId,
        batch.status ?? 'open',
        `batch-${batch.createdAt.toISOString()}`,
        Math.max(1, batch.items.length),
        // Past 2^53 (a batch total may exceed one payout's maximum): read back as a bigint, exactly.
        '9007199254740993',
        batch.createdAt,
      ],
    );
    for (const [i, status] of batch.items.entries()) {
      await seed({ status, scheduledFor: null, nextCheckAt: T0, batch: { id, item: `item-${i}` } });
    }
    return id;
  }

  beforeAll(async () => {
    db = await payoutsOnPostgres('ops_programs_queries');
    [{ id: otherClient }] = await createClients(db.database.url, [{ name: 'payroll', scopes: ['payouts:write'] }]);
    queries = new OpsProgramsQueries(db.dataSource.manager);
  }, 120_000);
  afterAll(() => db?.close());

  it('lists every client’s scheduled payouts, the earliest release first, with the client’s name', async () => {
    const later = await seed({ scheduledFor: minutes(30) });
    // Leased by a releaser (next_check_at moved on): still sorted by the release time the client asked for.
    const earliest = await seed({ client: otherClient, scheduledFor: minutes(5), nextCheckAt: minutes(90) });
    const middle = await seed({ scheduledFor: minutes(10) });
    await seed({ status: 'pending', scheduledFor: minutes(1) }); // released: no longer listed
    await seed({ status: 'canceled', scheduledFor: minutes(2) });

    const rows = await queries.listScheduled(10);
    expect(rows.map((row) => row.payout.id)).toEqual([earliest, middle, later]);
    expect(rows.map((row) => row.clientName)).toEqual(['payroll', 'ops_programs_queries', 'ops_programs_queries']);
    expect(rows[0].payout).toMatchObject({ status: 'scheduled', scheduledFor: minutes(5), nextCheckAt: minutes(90) });

    await expect(
      queries.listScheduled(10, { at: minutes(10), id: middle }).then((r) => r.map((x) => x.payout.id)),
    ).resolves.toEqual([later]);
    await db.dataSource.query(`DELETE FROM payouts`);
  });

  it('pages a long list by keyset: every payout once, in order, ties on the release time by id', async () => {
    const count = PROGRAMS_PAGE_SIZE * 2 + 3;
    const ids: string[] = [];
    // Pairs share a release time, so the id breaks the tie across a page boundary.
    for (let i = 0; i < count; i += 1) ids.push(await seed({ scheduledFor: minutes(100 + Math.floor(i / 2)) }));
    const read = new ReadOpsPrograms(queries);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await read.execute(cursor ? { scheduledAfter: cursor } : {}, T0);
      seen.push(...page.scheduled.map((row) => row.payout.id));
      cursor = page.next.scheduled ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(
      [...ids].sort((a, b) => {
        const at = (id: string) => Math.floor(ids.indexOf(id) / 2);
        return at(a) - at(b) || a.localeCompare(b);
      }),
    );
    await expect(read.execute({ scheduledAfter: 'bm90LWEtY3Vyc29y' }, T0)).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('lists every client’s batches newest first with their items counted by status, a page at a time', async () => {
    await db.dataSource.query(`DELETE FROM payouts`);
    const older = await seedBatch({ createdAt: minutes(1), items: ['succeeded', 'succeeded', 'failed', 'pending'] });
    const newer = await seedBatch({
      client: otherClient,
      createdAt: minutes(2),
      items: ['canceled', 'canceled'],
      status: 'canceled',
    });
    const rows = await queries.listBatches(10);
    expect(rows.map((row) => row.id)).toEqual([newer, older]);
    expect(rows[0]).toMatchObject({ clientName: 'payroll', status: 'canceled', counts: { canceled: 2 } });
    expect(rows[1]).toMatchObject({
      clientName: 'ops_programs_queries',
      status: 'open',
      itemCount: 4,
      totalAmount: 9007199254740993n,
      currency: 'TRY',
      counts: { succeeded: 2, failed: 1, pending: 1 },
      completedAt: null,
    });
    await expect(
      queries.listBatches(10, { at: minutes(2), id: newer }).then((page) => page.map((row) => row.id)),
    ).resolves.toEqual([older]);

    // Through the use case: more than a page of batches, each once, newest first.
    const more: string[] = [];
    for (let i = 0; i < PROGRAMS_PAGE_SIZE; i += 1) more.push(await seedBatch({ createdAt: minutes(10), items: [] }));
    const read = new ReadOpsPrograms(queries);
    const first = await read.execute({}, T0);
    expect(first.batches).toHaveLength(PROGRAMS_PAGE_SIZE);
    expect(first.batches[0]).toMatchObject({ batch: { totalAmount: '9007199254740993' } });
    const second = await read.execute({ batchesAfter: first.next.batches ?? undefined }, T0);
    expect(second.next.batches).toBeNull();
    expect([...first.batches, ...second.batches].map((view) => view.batch.id)).toEqual([
      ...[...more].sort().reverse(),
      newer,
      older,
    ]);
  });

  it('lists the batches awaiting approval, the oldest first, with their client', async () => {
    await db.dataSource.query(`DELETE FROM payouts`);
    await db.dataSource.query(`DELETE FROM payout_batches`);
    const newer = await seedBatch({ createdAt: minutes(30), items: [], status: 'awaiting_approval' });
    const older = await seedBatch({
      client: otherClient,
      createdAt: minutes(20),
      items: [],
      status: 'awaiting_approval',
    });
    await seedBatch({ createdAt: minutes(10), items: [], status: 'open' });
    const rows = await queries.listBatchesAwaitingApproval(10);
    expect(rows.map((row) => [row.id, row.clientId, row.clientName])).toEqual([
      [older, otherClient, 'payroll'],
      [newer, db.clientId, 'ops_programs_queries'],
    ]);
    await expect(
      queries.listBatchesAwaitingApproval(10, { at: minutes(20), id: older }).then((page) => page.map((row) => row.id)),
    ).resolves.toEqual([newer]);
  });

  it('lists every client’s payouts awaiting approval, the oldest first, but not batch items', async () => {
    await db.dataSource.query(`DELETE FROM payouts`);
    await db.dataSource.query(`DELETE FROM payout_batches`);
    const waiting = { status: 'awaiting_approval', scheduledFor: null, nextCheckAt: minutes(600) };
    const newer = await seed({ ...waiting, createdAt: minutes(3) });
    const older = await seed({ ...waiting, client: otherClient, createdAt: minutes(1) });
    await seed({ status: 'pending', scheduledFor: null, nextCheckAt: minutes(5), createdAt: minutes(0) });
    // A batch item waits with its batch: decided there, not listed here.
    const batchId = await seedBatch({ createdAt: minutes(2), items: [], status: 'awaiting_approval' });
    await seed({ ...waiting, createdAt: minutes(2), batch: { id: batchId, item: 'line-1' } });

    const rows = await queries.listAwaitingApproval(10);
    expect(rows.map((row) => [row.payout.id, row.payout.clientId, row.clientName])).toEqual([
      [older, otherClient, 'payroll'],
      [newer, db.clientId, 'ops_programs_queries'],
    ]);
    await expect(
      queries.listAwaitingApproval(10, { at: minutes(1), id: older }).then((page) => page.map((row) => row.payout.id)),
    ).resolves.toEqual([newer]);
  });
});
