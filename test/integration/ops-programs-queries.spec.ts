import { v7 as uuidv7 } from 'uuid';
import { PROGRAMS_PAGE_SIZE, ReadOpsPrograms } from '@libs/ops/application';
import { OpsProgramsQueries } from '@libs/ops/persistence/ops-programs.queries';
import { createClients } from '../support/clients';
import { payoutsOnPostgres } from '../support/payouts-on-postgres';

// The /ops page's program lists on a real database: every client's scheduled payouts, the earliest release first, with
// the client's name, a page at a time by keyset (ReadOpsPrograms' cursor through the store's SQL).
const T0 = new Date('2026-05-26T08:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

describe('ops program queries', () => {
  let db: Awaited<ReturnType<typeof payoutsOnPostgres>>;
  let queries: OpsProgramsQueries;
  let otherClient: string;

  async function seed(seed: { client?: string; status?: string; scheduledFor: Date | null; nextCheckAt?: Date }) {
    const id = uuidv7();
    await db.dataSource.query(
      `INSERT INTO payouts (id, client_id, status, version, amount, currency, beneficiary_name, iban_encrypted,
         iban_last4, scheduled_for, next_check_at, created_at, updated_at)
       VALUES ($1, $2, $3, 1, 1000, 'TRY', 'Ahmet Yılmaz', 'sealed', '7890', $4, $5, $6, $6)`,
      [
        id,
        seed.client ?? db.clientId,
        seed.status ?? 'scheduled',
        seed.scheduledFor,
        seed.nextCheckAt ?? seed.scheduledFor,
        T0,
      ],
    );
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
});
