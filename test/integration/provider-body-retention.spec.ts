import { randomBytes } from 'node:crypto';
import { DEVELOPMENT_ONLY_PII_KEY, PiiCipher, ProviderAnswerBodies } from '@libs/payouts';
import { PurgeProviderBodies } from '@libs/retention';
import { WebhookBodies, WebhookInboxRepository } from '@libs/webhooks';
import { queryOnce } from '../support/database';
import { waitUntil } from '../support/processes';
import { payoutsOnPostgres } from '../support/payouts-on-postgres';
import { Stack } from '../support/stack';

const IBAN = 'TR320010009999901234567890';
const NATIONAL_ID = '10000000146';
const DAY_MS = 86_400_000;
// A Sipay lookup as it answers: the receiver's IBAN and national id, and a 64-bit id kept exactly as written.
const LOOKUP_BODY = `{"payload":{"iban":"${IBAN}","receiver_national_id":"${NATIONAL_ID}","id":2505267108142371608}}`;

interface AttemptColumns extends Record<string, unknown> {
  status: string;
  provider_id: string | null;
  last_raw_answer: Record<string, unknown> | null;
}

interface InboxColumns extends Record<string, unknown> {
  dedupe_key: string;
  status: string;
  raw_body: Buffer | null;
  raw_body_sealed: string | null;
  raw_body_purged_at: Date | null;
  reference: string | null;
  provider_id: string | null;
  signal_status: string | null;
  provider_status: string | null;
}

/**
 * PROVIDER_BODY_RETENTION on real Postgres: the sweep drops bodies older than the retention (attempt answers by the
 * attempt's last change, webhook bodies by arrival, except rows still waiting to be processed), keeps every fact the
 * state machine reads, and seals bodies stored in clear before bodies were sealed. Then the worker runs it by itself
 * as a BullMQ job scheduler.
 */
describe('provider body retention on Postgres', () => {
  let core: Awaited<ReturnType<typeof payoutsOnPostgres>>;
  const cipher = new PiiCipher(DEVELOPMENT_ONLY_PII_KEY);
  const now = new Date();
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
  let counter = 0;

  beforeAll(async () => {
    core = await payoutsOnPostgres('body_retention');
  });
  afterAll(() => core?.close());

  const sql = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
    queryOnce<T>(core.database.url, text, params);

  /** A payout with one attempt that keeps `body` as its last answer (sealed, as the app writes it), changed `age` ago. */
  async function attemptWithAnswer(ageDays: number): Promise<string> {
    const key = `retention-${counter++}`;
    const created = await core.createPayout.execute({
      clientId: core.clientId,
      idempotencyKey: key,
      requestHash: key,
      input: { amount: '1000', currency: 'TRY', beneficiary: { name: 'Ayşe Demir', iban: IBAN } },
    });
    const payoutId = created.body.id as string;
    const attempt = await core.store.attempts.insert(
      { payoutId, provider: 'sipay', reference: `ref-${key}`, status: 'submitting' },
      now,
    );
    await core.store.attempts.update(
      attempt.id,
      {
        status: 'accepted',
        providerId: '2505267108142371608',
        lastRawAnswer: { httpStatus: 200, body: LOOKUP_BODY, requestCount: 2 },
      },
      now,
    );
    await sql('UPDATE payout_attempts SET updated_at = $2 WHERE id = $1', [attempt.id, daysAgo(ageDays)]);
    return attempt.id;
  }

  async function webhook(status: string, ageDays: number): Promise<string> {
    const repository = new WebhookInboxRepository(core.dataSource.manager, cipher);
    const dedupeKey = `wh-${counter++}`;
    const stored = await repository.insertIfNew({
      provider: 'sipay',
      dedupeKey,
      status: status === 'processed' ? 'ignored' : 'received',
      rawBody: Buffer.from(JSON.stringify({ to_iban: IBAN, after_process_status: 1 })),
      headers: { 'content-type': 'application/json' },
      remoteAddress: '127.0.0.1',
      receivedAt: daysAgo(ageDays),
      reference: `ref-${dedupeKey}`,
      providerId: '2505267108142371608',
      signalStatus: 'succeeded',
      providerStatus: 'after_process_status=1',
      detail: null,
      nextAttemptAt: null,
    });
    if (!stored.inserted) throw new Error('not stored');
    await sql('UPDATE webhook_inbox SET status = $2 WHERE id = $1', [stored.id, status]);
    return dedupeKey;
  }

  const attempt = async (id: string) =>
    (
      await sql<AttemptColumns>('SELECT status, provider_id, last_raw_answer FROM payout_attempts WHERE id = $1', [id])
    )[0];
  const inboxRow = async (dedupeKey: string) =>
    (
      await sql<InboxColumns>(
        `SELECT dedupe_key, status, raw_body, raw_body_sealed, raw_body_purged_at, reference, provider_id,
           signal_status, provider_status FROM webhook_inbox WHERE dedupe_key = $1`,
        [dedupeKey],
      )
    )[0];

  it('drops bodies past the retention, keeps the facts and rows still waiting, and leaves younger bodies alone', async () => {
    const oldAnswer = await attemptWithAnswer(91);
    const youngAnswer = await attemptWithAnswer(89);
    const oldProcessed = await webhook('processed', 91);
    const youngProcessed = await webhook('processed', 89);
    const oldOrphan = await webhook('orphan', 91);
    const oldReceived = await webhook('received', 91);
    const sweep = new PurgeProviderBodies(
      [new ProviderAnswerBodies(core.dataSource.manager, cipher), new WebhookBodies(core.dataSource.manager, cipher)],
      { retentionMs: 90 * DAY_MS, batchSize: 2, maxBatches: 10 },
    );

    const results = await sweep.run(now);

    expect(results).toEqual([
      { store: 'payout_attempts.last_raw_answer', sealed: 0, purged: 1 },
      { store: 'webhook_inbox.raw_body', sealed: 0, purged: 1 },
    ]);
    expect(await attempt(oldAnswer)).toEqual({
      status: 'accepted',
      provider_id: '2505267108142371608',
      last_raw_answer: { httpStatus: 200, requestCount: 2, bodyPurgedAt: now.toISOString() },
    });
    const young = await attempt(youngAnswer);
    expect(cipher.open(String(young.last_raw_answer?.sealedBody), 'provider.answer')).toBe(LOOKUP_BODY);
    // The record the state machine reads is the same before and after: facts only.
    expect((await core.store.attempts.find(oldAnswer))?.lastRawAnswer).toEqual({ httpStatus: 200, requestCount: 2 });
    expect(await inboxRow(oldProcessed)).toMatchObject({
      status: 'processed',
      raw_body: null,
      raw_body_sealed: null,
      raw_body_purged_at: now,
      reference: expect.stringMatching(/^ref-/),
      provider_id: '2505267108142371608',
      signal_status: 'succeeded',
      provider_status: 'after_process_status=1',
    });
    for (const kept of [youngProcessed, oldOrphan, oldReceived]) {
      expect(await inboxRow(kept)).toMatchObject({ raw_body_sealed: expect.stringMatching(/^v1\.dev\./) });
    }
    // A second run finds nothing more to do.
    expect((await sweep.run(now)).map((result) => result.purged + result.sealed)).toEqual([0, 0]);
  });

  it('seals bodies stored in clear before bodies were sealed, and they still open to the exact bytes', async () => {
    const legacyAnswer = await attemptWithAnswer(1);
    await sql(`UPDATE payout_attempts SET last_raw_answer = $2::jsonb WHERE id = $1`, [
      legacyAnswer,
      JSON.stringify({ httpStatus: 200, body: LOOKUP_BODY, requestCount: 1 }),
    ]);
    const bytes = Buffer.concat([
      Buffer.from(`{"to_iban":"${IBAN}","n":`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('}'),
    ]);
    const [legacyWebhook] = await sql<{ id: string }>(
      `INSERT INTO webhook_inbox (provider, dedupe_key, status, raw_body, headers, received_at, processed_at)
       VALUES ('sipay', $1, 'processed', $2, '{}', $3, $3) RETURNING id::text AS id`,
      [`legacy-${randomBytes(4).toString('hex')}`, bytes, daysAgo(1)],
    );
    const sweep = new PurgeProviderBodies(
      [new ProviderAnswerBodies(core.dataSource.manager, cipher), new WebhookBodies(core.dataSource.manager, cipher)],
      { retentionMs: 90 * DAY_MS, batchSize: 500, maxBatches: 1 },
    );

    const results = await sweep.run(now);

    expect(results.map((result) => result.sealed)).toEqual([1, 1]);
    const answer = await attempt(legacyAnswer);
    expect(answer.last_raw_answer).not.toHaveProperty('body');
    expect(cipher.open(String(answer.last_raw_answer?.sealedBody), 'provider.answer')).toBe(LOOKUP_BODY);
    const [row] = await sql<{ raw_body: Buffer | null; raw_body_sealed: string; text: string }>(
      'SELECT raw_body, raw_body_sealed, w::text AS text FROM webhook_inbox w WHERE id = $1',
      [legacyWebhook.id],
    );
    expect(row.raw_body).toBeNull();
    expect(row.text).not.toContain(IBAN);
    expect(Buffer.compare(cipher.openBytes(row.raw_body_sealed, 'provider.webhook'), bytes)).toBe(0);
  });
});

describe('provider body retention in the worker (a BullMQ job scheduler)', () => {
  let stack: Stack;

  beforeAll(async () => {
    // Bodies are kept 2 s; the sweep runs every 200 ms (1h scaled by 0.001, at least 200 ms).
    stack = await Stack.start({ label: 'body_retention_worker', env: { PROVIDER_BODY_RETENTION: '2s' } });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('purges the bodies of a paid payout once they are older than PROVIDER_BODY_RETENTION, keeping its facts', async () => {
    const created = await stack.createPayout({ amount: '270000', provider: 'pientegra' });
    expect(created.status).toBe(201);
    await stack.waitForStatus(created.body.id, ['succeeded']);
    const purged = await waitUntil(
      async () => {
        const rows = await queryOnce<{ answer: Record<string, unknown> | null; inbox: number; kept: number }>(
          stack.databaseUrl,
          `SELECT (SELECT last_raw_answer FROM payout_attempts WHERE payout_id = $1) AS answer,
             (SELECT count(*)::int FROM webhook_inbox WHERE payout_id = $1 AND raw_body_purged_at IS NOT NULL) AS inbox,
             (SELECT count(*)::int FROM webhook_inbox WHERE payout_id = $1 AND raw_body_sealed IS NOT NULL) AS kept`,
          [created.body.id],
        );
        const [row] = rows;
        return row.answer?.bodyPurgedAt !== undefined && row.inbox > 0 && row.kept === 0 ? row : undefined;
      },
      30_000,
      'the worker to purge the payout bodies',
    );
    expect(purged.answer).toMatchObject({ httpStatus: 201, requestCount: 1 });
    expect(purged.answer).not.toHaveProperty('sealedBody');
    const payout = await stack.call<{ status: string; providerReference: string | null }>(
      'GET',
      `/v1/payouts/${created.body.id}`,
    );
    expect(payout.body).toMatchObject({ status: 'succeeded', providerReference: expect.any(String) });
  }, 90_000);
});
