import { v7 as uuidv7 } from 'uuid';
import { DEVELOPMENT_ONLY_PII_KEY, PiiCipher } from '@libs/payouts';
import { OpsConsoleQueries } from '@libs/ops/persistence/ops-console.queries';
import { OpsQueries } from '@libs/ops/persistence/ops.queries';
import { createClients } from '../support/clients';
import { payoutsOnPostgres } from '../support/payouts-on-postgres';

// The console's SQL on a real database: search (every branch, across clients, a page at a time), the timeline with
// the actor's name, the last day's figures, and the overview lists' keyset pages.
const T0 = new Date('2026-05-26T08:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

describe('ops console queries', () => {
  let db: Awaited<ReturnType<typeof payoutsOnPostgres>>;
  let consoleQueries: OpsConsoleQueries;
  let opsQueries: OpsQueries;
  let otherClient: string;
  let otherName: string;

  interface Seed {
    client?: string;
    status?: string;
    provider?: string | null;
    reference?: string | null;
    last4?: string;
    createdAt: Date;
    completedAt?: Date | null;
    updatedAt?: Date;
    needsAttention?: boolean;
  }

  async function seed(seed: Seed): Promise<string> {
    const id = uuidv7();
    await db.dataSource.query(
      `INSERT INTO payouts (id, client_id, status, version, amount, currency, beneficiary_name, iban_encrypted,
         iban_last4, reference, provider, needs_attention, created_at, updated_at, completed_at)
       VALUES ($1, $2, $3, 1, 1000, 'TRY', 'Ahmet Yılmaz', 'sealed', $4, $5, $6, $7, $8, $9, $10)`,
      [
        id,
        seed.client ?? db.clientId,
        seed.status ?? 'pending',
        seed.last4 ?? '7890',
        seed.reference ?? null,
        seed.provider ?? null,
        seed.needsAttention ?? false,
        seed.createdAt,
        seed.updatedAt ?? seed.createdAt,
        seed.completedAt ?? null,
      ],
    );
    return id;
  }

  beforeAll(async () => {
    db = await payoutsOnPostgres('ops_console_queries');
    [{ id: otherClient }] = await createClients(db.database.url, [{ name: 'night-shift', scopes: ['ops:write'] }]);
    otherName = 'night-shift';
    const cipher = new PiiCipher(DEVELOPMENT_ONLY_PII_KEY);
    consoleQueries = new OpsConsoleQueries(db.dataSource.manager, cipher, ['pientegra', 'sipay']);
    opsQueries = new OpsQueries(db.dataSource.manager, cipher);
  }, 120_000);
  afterAll(() => db?.close());

  it('finds payouts by reference across clients, by provider reference, by id and by IBAN last 4, newest first', async () => {
    const mine = await seed({ reference: 'order-77', createdAt: minutes(1), last4: '1111' });
    const theirs = await seed({ client: otherClient, reference: 'order-77', createdAt: minutes(2), last4: '2222' });
    const sent = await seed({ status: 'processing', provider: 'sipay', createdAt: minutes(3), last4: '3333' });
    await db.dataSource.query(
      `INSERT INTO payout_attempts (id, payout_id, provider, reference, provider_id, status, created_at, updated_at)
       VALUES ($1, $2, 'sipay', $3, 'SP-998877', 'accepted', $4, $4)`,
      [uuidv7(), sent, `po_${sent}`, minutes(3)],
    );
    const search = (text: string, extra: object = {}) =>
      consoleQueries.searchPayouts({ text, limit: 10, ...extra }).then((rows) => rows.map((row) => row.id));

    await expect(search('order-77')).resolves.toEqual([theirs, mine]);
    await expect(search('SP-998877')).resolves.toEqual([sent]);
    await expect(search(sent.toUpperCase(), { payoutId: sent })).resolves.toEqual([sent]);
    await expect(search('3333', { ibanLast4: '3333' })).resolves.toEqual([sent]);
    await expect(search('nothing-like-it')).resolves.toEqual([]);
    const [found] = await consoleQueries.searchPayouts({ text: 'SP-998877', limit: 10 });
    expect(found.providerReference).toBe('SP-998877');
  });

  it('pages an IBAN last 4 search by (created_at, id), every payout once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await seed({ createdAt: minutes(10), last4: '4444' }));
    ids.push(await seed({ createdAt: minutes(11), last4: '4444' }));
    const seen: string[] = [];
    let after: { createdAt: Date; id: string } | undefined;
    for (;;) {
      const page = await consoleQueries.searchPayouts({
        text: '4444',
        ibanLast4: '4444',
        limit: 2,
        ...(after ? { after } : {}),
      });
      if (page.length === 0) break;
      seen.push(...page.map((row) => row.id));
      const last = page[page.length - 1];
      after = { createdAt: last.createdAt, id: last.id };
    }
    expect(seen).toHaveLength(6);
    expect(new Set(seen)).toEqual(new Set(ids));
    expect(seen[0]).toBe(ids[5]);
  });

  it('lists a payout’s events after a position, with the acting client’s name', async () => {
    const id = await seed({ status: 'failed', provider: 'sipay', createdAt: minutes(20) });
    const events: [number, string, string | null][] = [
      [1, 'api', null],
      [2, 'dispatch', null],
      [3, `ops:${otherClient}`, otherClient],
      [4, `ops:${otherClient}`, null], // a refresh's lookup: the client is in the source only
    ];
    for (const [version, source, actor] of events) {
      await db.dataSource.query(
        `INSERT INTO payout_events (payout_id, client_id, version, from_status, to_status, source, actor, evidence,
           applied, reason, detail, tx_id, created_at)
         VALUES ($1, $2, $3, NULL, 'pending', $4, $5, $6, true, 'transition', 'd', txid_current(), $7)`,
        [
          id,
          db.clientId,
          version,
          source,
          actor,
          actor ? JSON.stringify({ resolvedBy: actor, reason: 'r', evidence: 'e' }) : null,
          minutes(20),
        ],
      );
    }
    const all = await consoleQueries.listEvents(id, undefined, 10);
    expect(all.map((event) => event.version)).toEqual([1, 2, 3, 4]);
    expect(all.map((event) => event.actorName)).toEqual([null, null, otherName, otherName]);
    const rest = await consoleQueries.listEvents(id, all[0].id, 1);
    expect(rest.map((event) => event.version)).toEqual([2]);
  });

  it('pages a payout’s attempts oldest first by (created_at, id), every attempt once', async () => {
    const id = await seed({ status: 'failed', provider: 'sipay', createdAt: minutes(30) });
    // Three attempts, two created at the same instant: the id orders those.
    const ids = [uuidv7(), uuidv7(), uuidv7()];
    const times = [minutes(29), minutes(30), minutes(30)];
    for (const [i, attemptId] of ids.entries()) {
      await db.dataSource.query(
        `INSERT INTO payout_attempts (id, payout_id, provider, reference, status, created_at, updated_at)
         VALUES ($1, $2, 'sipay', $3, 'rejected', $4, $4)`,
        [attemptId, id, `po-${i}-${id}`, times[i]],
      );
    }
    const first = await consoleQueries.listAttempts(id, undefined, 2);
    expect(first.map((row) => row.attempt.id)).toEqual([ids[0], ids[1]]);
    const rest = await consoleQueries.listAttempts(id, first[1].attempt.id, 2);
    expect(rest.map((row) => row.attempt.id)).toEqual([ids[2]]);
    // A position that is not one of this payout's attempts pages nothing.
    await expect(consoleQueries.listAttempts(id, uuidv7(), 2)).resolves.toEqual([]);
  });

  it('counts the window’s payouts per creation hour and status, and per provider success and time to final', async () => {
    const from = new Date('2026-06-01T00:00:00.000Z');
    const to = new Date('2026-06-02T00:00:00.000Z');
    const at = (hours: number, seconds = 0) => new Date(from.getTime() + hours * 3_600_000 + seconds * 1000);
    // pientegra: 3 final (2 succeeded) taking 10 s, 20 s, 30 s; 1 still processing. sipay: 1 canceled only.
    await seed({ status: 'succeeded', provider: 'pientegra', createdAt: at(1), completedAt: at(1, 10) });
    await seed({ status: 'succeeded', provider: 'pientegra', createdAt: at(1, 60), completedAt: at(1, 80) });
    await seed({ status: 'failed', provider: 'pientegra', createdAt: at(5), completedAt: at(5, 30) });
    await seed({ status: 'processing', provider: 'pientegra', createdAt: at(5, 1) });
    await seed({ status: 'canceled', provider: 'sipay', createdAt: at(7), completedAt: at(7, 1) });
    await seed({ status: 'succeeded', provider: 'pientegra', createdAt: to, completedAt: to }); // outside: [from, to)

    const hourly = await consoleQueries.hourlyStatusCounts(from, to);
    const byKey = Object.fromEntries(hourly.map((row) => [`${row.hour.toISOString()} ${row.status}`, row.count]));
    expect(byKey).toEqual({
      [`${at(1).toISOString()} succeeded`]: 2,
      [`${at(5).toISOString()} failed`]: 1,
      [`${at(5).toISOString()} processing`]: 1,
      [`${at(7).toISOString()} canceled`]: 1,
    });
    await expect(consoleQueries.providerOutcomes(from, to)).resolves.toEqual([
      { provider: 'pientegra', final: 3, succeeded: 2, p50Ms: 20_000, p99Ms: 29_800 },
      { provider: 'sipay', final: 0, succeeded: 0, p50Ms: null, p99Ms: null },
    ]);
  });

  it('pages the needs-attention and stuck lists by their keyset', async () => {
    const flagged: string[] = [];
    for (let i = 0; i < 3; i++) {
      flagged.push(
        await seed({
          status: 'manual_review',
          provider: 'sipay',
          needsAttention: true,
          createdAt: minutes(30),
          updatedAt: minutes(40 + i),
        }),
      );
    }
    const first = await opsQueries.listNeedsAttention(2);
    expect(first.map((row) => row.payout.id)).toEqual(flagged.slice(0, 2));
    const last = first[1].payout;
    const second = await opsQueries.listNeedsAttention(2, { at: last.updatedAt, id: last.id });
    expect(second.map((row) => row.payout.id)).toEqual([flagged[2]]);

    const thresholds = {
      awaiting_approval: 0,
      scheduled: 0,
      pending: 0,
      submitting: 0,
      processing: 0,
      manual_review: 0,
    };
    const query = { status: 'manual_review' as const, thresholdsMs: thresholds, now: minutes(600), limit: 2 };
    const stuckFirst = await opsQueries.listStuck(query);
    const tail = stuckFirst[stuckFirst.length - 1];
    const stuckSecond = await opsQueries.listStuck({ ...query, after: { at: tail.since, id: tail.payout.id } });
    const stuckIds = [...stuckFirst, ...stuckSecond].map((row) => row.payout.id);
    expect(stuckIds.sort()).toEqual([...flagged].sort());
  });

  it('lists a scheduled payout as stuck by how long it is past its release time, not since it was created', async () => {
    const scheduledAt = async (createdAt: Date, releaseAt: Date): Promise<string> => {
      const id = await seed({ status: 'scheduled', provider: 'pientegra', createdAt });
      await db.dataSource.query('UPDATE payouts SET scheduled_for = $2, next_check_at = $2 WHERE id = $1', [
        id,
        releaseAt,
      ]);
      return id;
    };
    const overdue = await scheduledAt(minutes(-600), minutes(1000));
    const notYetDue = await scheduledAt(minutes(-600), minutes(1100));
    const thresholds = {
      awaiting_approval: 60_000,
      scheduled: 60_000,
      pending: 0,
      submitting: 0,
      processing: 0,
      manual_review: 0,
    };

    const stuck = await opsQueries.listStuck({
      status: 'scheduled',
      thresholdsMs: thresholds,
      now: minutes(1002),
      limit: 10,
    });

    expect(stuck.map((row) => row.payout.id)).toEqual([overdue]);
    expect(stuck[0].since).toEqual(minutes(1000));
    expect(stuck[0].payout.scheduledFor).toEqual(minutes(1000));
    expect(stuck.map((row) => row.payout.id)).not.toContain(notYetDue);
    const summary = await opsQueries.summary();
    expect(summary.oldestSince).toContainEqual({ status: 'scheduled', since: minutes(1000) });
  });
});
