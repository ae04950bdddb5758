import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { queryOnce } from '../support/database';
import { waitUntil } from '../support/processes';
import { Stack } from '../support/stack';

const run = promisify(execFile);

// The beneficiary every payout of this file pays (Stack.createPayout's default), and what a Sipay lookup echoes of it.
const IBAN = 'TR320010009999901234567890';
const NATIONAL_ID = '10000000146';
/** Sipay's `bank_account_no`: the IBAN's last 16 digits. */
const ACCOUNT_NUMBER = IBAN.slice(-16);
const SIPAY_TOKEN = 'sandbox-sipay-webhook-token';
const SIPAY_WEBHOOK = readFileSync(
  join(__dirname, '../../libs/providers/sipay/fixtures/webhook-bank-transfer-success.json'),
  'utf8',
);

/** Each value as text and as pg_dump writes bytea (hex), so a body stored in a bytea column is found too. */
const forms = (value: string): string[] => [value, Buffer.from(value, 'utf8').toString('hex')];
const PII = { iban: IBAN, nationalId: NATIONAL_ID, accountNumber: ACCOUNT_NUMBER };

function clearPiiIn(text: string): string[] {
  const lower = text.toLowerCase();
  return Object.entries(PII).flatMap(([name, value]) =>
    forms(value).some((form) => lower.includes(form.toLowerCase())) ? [name] : [],
  );
}

interface PayoutBody {
  id: string;
  status: string;
  attempts: { provider: string; reference: string; status: string; providerId: string | null }[];
  events: { source: string; applied: boolean }[];
}

/**
 * Issue 14, PII at rest: provider answers and webhook bodies are stored sealed, whatever they carry. On the code before
 * it, a Sipay payout whose first send timed out kept the Sipay lookup body (full IBAN, account number, national id)
 * in payout_attempts.last_raw_answer, and every webhook body sat in webhook_inbox.raw_body in clear. The last test
 * dumps the whole database with pg_dump after payouts through both providers and finds none of them.
 */
describe('PII at rest (e2e against the sandbox, then pg_dump)', () => {
  let stack: Stack;

  beforeAll(async () => {
    // Every live payout counts as stuck after a second, so the /ops page lists the one the ops test looks at.
    stack = await Stack.start({
      label: 'pii_at_rest',
      env: { POLL_TIME_SCALE: '0.01', STUCK_AFTER: 'pending=1s,submitting=1s,processing=1s,manual_review=1s' },
    });
  }, 120_000);
  afterAll(() => stack?.stop());

  const payout = async (id: string): Promise<PayoutBody> =>
    (await stack.call<PayoutBody>('GET', `/v1/payouts/${id}?expand=attempts,events`)).body;

  async function paid(provider: string, amount: string, statuses: string[]): Promise<PayoutBody> {
    const created = await stack.createPayout({ amount, provider });
    expect(created.status).toBe(201);
    await stack.waitForStatus(created.body.id, statuses, 60_000);
    return payout(created.body.id);
  }

  const attemptRows = (payoutId: string) =>
    queryOnce<{ text: string; last_raw_answer: Record<string, unknown> | null }>(
      stack.databaseUrl,
      'SELECT a::text AS text, last_raw_answer FROM payout_attempts a WHERE payout_id = $1',
      [payoutId],
    );

  let sipayTimedOut: PayoutBody;

  it('a Sipay payout whose first send timed out keeps no full IBAN, account number or national id in payout_attempts', async () => {
    // Scenario 41: Sipay records the transfer and holds its answer past our timeout; the resolver's lookup
    // (GetRequestWithdrawByExtId) answers with the receiver's IBAN, account number and national id in clear.
    sipayTimedOut = await paid('sipay', '250041', ['succeeded']);
    const [attempt] = sipayTimedOut.attempts;
    // The lookup was answered and its body kept (sealed) as the attempt's last answer.
    const rows = await waitUntil(
      async () => {
        const found = await attemptRows(sipayTimedOut.id);
        return found.length === 1 && found[0].last_raw_answer?.httpStatus === 200 ? found : undefined;
      },
      20_000,
      'the attempt to keep the lookup answer',
    );
    expect(attempt.provider).toBe('sipay');
    expect(clearPiiIn(rows[0].text)).toEqual([]);
    expect(rows[0].last_raw_answer).toMatchObject({ sealedBody: expect.stringMatching(/^v1\./) });
    expect(rows[0].last_raw_answer).not.toHaveProperty('body');
  }, 90_000);

  it('stores webhook bodies sealed, even one that carries a full IBAN, and still processes them', async () => {
    const target = await paid('sipay', '250000', ['succeeded']);
    const [attempt] = target.attempts;
    // A real Sipay may not mask `to_iban` as the sandbox does: deliver such a body for this payout (a return, 5).
    const unmasked = SIPAY_WEBHOOK.replace('"54171323223317131311333332552"', `"${attempt.reference}"`)
      .replace('2505267108142371608', attempt.providerId ?? '0')
      .replace('"after_process_status": 1', '"after_process_status": 5')
      .replace(/"to_iban": "[^"]*"/, `"to_iban": "${IBAN}"`)
      .replace(/"to_name": "[^"]*"/, '"to_name": "Ahmet Yılmaz"');
    expect(unmasked).toContain(IBAN);
    const answer = await fetch(`${stack.apiUrl}/v1/webhooks/sipay/${SIPAY_TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: unmasked,
    });
    expect(answer.status).toBe(200);
    const rows = await waitUntil(
      async () => {
        const found = await queryOnce<{ status: string; text: string; raw_body: Buffer | null }>(
          stack.databaseUrl,
          'SELECT status, i::text AS text, raw_body FROM webhook_inbox i WHERE reference = $1 ORDER BY id',
          [attempt.reference],
        );
        return found.length >= 2 && found.every((row) => row.status === 'processed') ? found : undefined;
      },
      20_000,
      'both webhooks of the payout to be processed',
    );
    for (const row of rows) {
      expect(row.raw_body).toBeNull();
      expect(clearPiiIn(row.text)).toEqual([]);
      // Nothing of the body itself: only the facts extracted from it (reference, provider id, statuses).
      for (const field of ['"to_iban"', '"to_name"', '"response_message"'])
        for (const form of forms(field)) expect(row.text).not.toContain(form);
    }
  }, 90_000);

  it('shows ops the last provider answer opened and masked: never the full IBAN, never ciphertext', async () => {
    // Scenario 13: Sipay manual review, no webhook; the poller's lookup is the attempt's last answer.
    const created = await stack.createPayout({ amount: '250013', provider: 'sipay' });
    expect(created.status).toBe(201);
    const row = await waitUntil(
      async () => {
        const stuck = await stack.call<{
          data: { payout: { id: string }; lastProviderAnswer: { httpStatus: number | null; body: unknown } | null }[];
        }>('GET', '/v1/ops/stuck?olderThan=0s');
        const mine = stuck.body.data.find((item) => item.payout.id === created.body.id);
        const body = mine?.lastProviderAnswer?.body as { payload?: { process_level_status?: number } } | undefined;
        return body?.payload?.process_level_status === 0 ? mine : undefined;
      },
      30_000,
      'the stuck view to show the lookup answer',
    );
    const shown = JSON.stringify(row?.lastProviderAnswer);
    expect(clearPiiIn(shown)).toEqual([]);
    expect(shown).not.toMatch(/"v1\.[A-Za-z0-9_-]+\./);
    expect(shown).toContain('…7890');
    expect(shown).not.toContain('Ahmet Yılmaz');
    const html = await waitUntil(
      async () => {
        const page = await fetch(`${stack.apiUrl}/ops`, { headers: { authorization: `Bearer ${stack.key}` } });
        const text = await page.text();
        return page.status === 200 && text.includes(created.body.id) && text.includes('process_level_status')
          ? text
          : undefined;
      },
      30_000,
      'the /ops page to list the payout with its last answer',
    );
    expect(html).toContain('A… Y…');
    expect(clearPiiIn(html)).toEqual([]);
  }, 90_000);

  it('pg_dump of the database after payouts through both providers holds no full IBAN, account number or national id', async () => {
    // Both providers: paid (00), timed out then resolved (41: Pientegra by the replayed key, Sipay by the lookup),
    // returned after success (61), refused (71).
    const flows: [string, string, string[]][] = [];
    for (const provider of ['pientegra', 'sipay']) {
      flows.push(
        [provider, '260000', ['succeeded']],
        [provider, '260041', ['succeeded']],
        [provider, '260061', ['returned']],
        [provider, '260071', ['failed']],
      );
    }
    const done = await Promise.all(flows.map(([provider, amount, statuses]) => paid(provider, amount, statuses)));
    expect(done.map((item) => item.status)).toEqual(flows.map(([, , statuses]) => statuses[0]));
    // An audited ops action on a live payout (Sipay manual review): the audit log is in the dump too.
    const held = await stack.createPayout({ amount: '260013', provider: 'sipay' });
    await stack.waitForStatus(held.body.id, ['processing', 'manual_review']);
    const refreshed = await stack.call('POST', `/v1/ops/payouts/${held.body.id}/refresh`, { reason: 'pii e2e' });
    expect(refreshed.status).toBe(200);
    // Every webhook the sandbox sent has been stored and dealt with.
    await waitUntil(
      async () => {
        const waiting = await queryOnce<{ count: number }>(
          stack.databaseUrl,
          "SELECT count(*)::int AS count FROM webhook_inbox WHERE status IN ('received')",
        );
        return waiting[0].count === 0;
      },
      20_000,
      'the inbox to be processed',
    );
    const counts = await queryOnce<{ answers: number; webhooks: number; audits: number; idempotent: number }>(
      stack.databaseUrl,
      `SELECT (SELECT count(*)::int FROM payout_attempts WHERE last_raw_answer IS NOT NULL) AS answers,
              (SELECT count(*)::int FROM webhook_inbox) AS webhooks,
              (SELECT count(*)::int FROM audit_log) AS audits,
              (SELECT count(*)::int FROM idempotency_keys) AS idempotent`,
    );
    expect(counts[0].answers).toBeGreaterThanOrEqual(flows.length);
    expect(counts[0].webhooks).toBeGreaterThanOrEqual(flows.length);
    expect(counts[0].audits).toBeGreaterThanOrEqual(1);
    expect(counts[0].idempotent).toBeGreaterThanOrEqual(flows.length);

    const { stdout } = await run('pg_dump', ['--no-owner', '--dbname', stack.databaseUrl], {
      maxBuffer: 256 * 1024 * 1024,
    });
    expect(stdout).toContain('COPY public.payout_attempts');
    expect(stdout).toContain('COPY public.webhook_inbox');
    const leaks = stdout
      .split('\n')
      .filter((line) => clearPiiIn(line).length > 0)
      .map((line) => `${clearPiiIn(line).join(',')}: ${line.slice(0, 160)}`);
    expect(leaks).toEqual([]);
  }, 180_000);
});
