import { batchInsertScript } from '../../bench/parts/batch-sql';
import { intakeScript } from '../../bench/parts/intake-sql';
import { createFreshDatabase, migrate, queryOnce } from '../support/database';

// The bench's pgbench baselines call the service's own SQL (`create_payout_once`, the batch's tables): when a migration
// changes that SQL, the scripts must follow or `npm run bench` fails at its first part (it did, after issue 17 added
// arguments). pgbench need not be installed here: its variables are substituted and the script is sent as it is.
describe("the bench's pgbench scripts run on the migrated schema", () => {
  let database: Awaited<ReturnType<typeof createFreshDatabase>>;
  const clientId = '01a1f7c2-0000-7000-8000-0000000000c1';

  beforeAll(async () => {
    database = await createFreshDatabase('bench_sql');
    await migrate(database.url);
    await queryOnce(
      database.url,
      `INSERT INTO clients (id, name, key_hash, scopes, created_at) VALUES ($1, 'bench', 'h', '{payouts:write}', now())`,
      [clientId],
    );
  });
  afterAll(() => database.drop());

  /** pgbench's `\set r random(…)` and the `-D client=…` define, as the bench passes them. */
  const asSent = (script: string, r: number) =>
    script
      .replace(/^\\set r .*$/m, '')
      .replace(/:client\b/g, `'${clientId}'`)
      .replace(/:r\b/g, String(r));

  it('intake: create_payout_once creates the payout, its event and the stored answer', async () => {
    const [row] = await queryOnce<{ outcome: string }>(database.url, asSent(intakeScript(), 7));
    expect(row.outcome).toBe('created');
    const [counts] = await queryOnce<{ payouts: string; events: string; keys: string }>(
      database.url,
      `SELECT (SELECT count(*) FROM payouts) AS payouts, (SELECT count(*) FROM payout_events) AS events,
              (SELECT count(*) FROM idempotency_keys) AS keys`,
    );
    expect(counts).toEqual({ payouts: '1', events: '1', keys: '1' });
  });

  it('batches: the batch insert stores every item', async () => {
    const before = await queryOnce<{ n: string }>(database.url, 'SELECT count(*) AS n FROM payouts');
    const client = asSent(batchInsertScript(3), 8);
    // A multi-statement script (BEGIN … COMMIT) goes as one simple query.
    await queryOnce(database.url, client);
    const after = await queryOnce<{ n: string }>(database.url, 'SELECT count(*) AS n FROM payouts');
    expect(Number(after[0].n) - Number(before[0].n)).toBe(3);
  });
});
