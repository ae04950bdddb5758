import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { Client } from 'pg';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createClients } from '../support/clients';
import { Stack } from '../support/stack';

// The /ops page's program sections (programs.md "Ops page") in a real headless browser, as ops-page.spec.ts drives it
// (Debian's Chromium through playwright-core; nothing downloaded): the approvers' queue (a payout approved from the page
// with a reason, then paid exactly once by the sandbox; a reject without a reason refused by the browser and by the
// server), every client's scheduled payouts with their release time, and a batch's progress as the sandbox pays its
// items. Screenshots land in test-artifacts/ (git-ignored).
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = 'test-artifacts';
const hasChromium = existsSync(CHROMIUM);

if (!hasChromium) {
  it('needs Chromium', () => {
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium package (apt-get install -y chromium)`);
  });
}
const describeWithChromium = hasChromium ? describe : () => undefined;

const BENEFICIARY = { name: 'Ahmet Yılmaz', iban: 'TR320010009999901234567890', nationalId: '10000000146' };

describeWithChromium('the /ops program sections in a browser', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let payroll: { id: string; key: string };
  let checker: { id: string; key: string };

  /** POST /v1/payouts as another client than the stack's. */
  const createAs = async (key: string, fields: Record<string, unknown>) => {
    const response = await fetch(`${stack.apiUrl}/v1/payouts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ currency: 'TRY', beneficiary: BENEFICIARY, ...fields }),
    });
    const body = (await response.json()) as { id: string; status: string };
    expect(response.status).toBe(201);
    return body;
  };

  /** POST /v1/payout-batches as `key`'s client: one sipay item per amount (item-1, item-2, ...); the batch id. */
  const createBatchAs = async (key: string, reference: string, amounts: string[]) => {
    const response = await fetch(`${stack.apiUrl}/v1/payout-batches`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({
        reference,
        items: amounts.map((amount, i) => ({
          amount,
          currency: 'TRY',
          beneficiary: BENEFICIARY,
          provider: 'sipay',
          itemReference: `item-${i + 1}`,
        })),
      }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };

  /** A batch's item ids, in the order of its request. */
  const itemsOf = async (batchId: string) => {
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ id: string }>(
        `SELECT id FROM payouts WHERE batch_id = $1 ORDER BY substring(item_reference FROM 6)::int`,
        [batchId],
      );
      return rows.map((row) => row.id);
    } finally {
      await db.end();
    }
  };

  const signIn = async (key: string) => {
    await page.context().clearCookies();
    await page.goto(`${stack.apiUrl}/ops/login`);
    await page.fill('#key', key);
    await Promise.all([page.waitForURL(`${stack.apiUrl}/ops`), page.click('button[type=submit]')]);
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const [started, launched] = await Promise.all([
      Stack.start({ label: 'ops_programs_page' }),
      chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      }),
    ]);
    stack = started;
    browser = launched;
    [payroll, checker] = await createClients(stack.databaseUrl, [
      { name: 'payroll', scopes: ['payouts:write', 'payouts:read'] },
      // An approver at the console: ops:read to see /ops, payouts:approve to decide; nothing else.
      { name: 'checker', scopes: ['ops:read', 'payouts:approve'] },
    ]);
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('lists every client’s scheduled payouts, the earliest release first, with the client and release time', async () => {
    const inAnHour = new Date(Date.now() + 3_600_000);
    const inTwoHours = new Date(Date.now() + 7_200_000);
    const later = await stack.createPayout({ amount: '120000', reference: 'rent-june', scheduledFor: inTwoHours });
    const sooner = await createAs(payroll.key, { amount: '99000', reference: 'salary-june', scheduledFor: inAnHour });
    expect([later.body.status, sooner.status]).toEqual(['scheduled', 'scheduled']);

    await signIn(stack.key);
    const rows = page.locator('#scheduled-table tbody tr');
    await expect(rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-payout-id')))).resolves.toEqual([
      sooner.id,
      later.body.id,
    ]);
    const first = page.locator(`#scheduled-table tr[data-payout-id="${sooner.id}"]`);
    await expect(first.locator('.client').textContent()).resolves.toBe('payroll');
    await expect(first.locator('.release-at time').getAttribute('datetime')).resolves.toBe(inAnHour.toISOString());
    await expect(first.locator('.release-in').textContent()).resolves.toMatch(/^in (59m|1h)/);
    await expect(first.innerText()).resolves.toContain('990.00');
    await expect(
      page.locator(`#scheduled-table tr[data-payout-id="${later.body.id}"] .client`).textContent(),
    ).resolves.toBe('stack');
    await page.locator('#scheduled').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}/ops-programs-scheduled.png`, fullPage: true });

    // Canceled by its client: no longer waiting, no longer listed.
    const canceled = await stack.call('POST', `/v1/payouts/${later.body.id}/cancel`, { reason: 'moved out' });
    expect(canceled.status).toBe(200);
    await page.reload();
    await expect(rows.count()).resolves.toBe(1);
  });

  it('shows a batch’s progress: its items by current status as a bar, how many are settled, its total', async () => {
    // Three items the sandbox pays, fails and holds in review, through the batch intake (POST /v1/payout-batches).
    const batchId = await createBatchAs(stack.key, 'june-suppliers', ['50000', '50021', '50013']);
    const items = await itemsOf(batchId);
    await stack.waitForStatus(items[0], ['succeeded']);
    await stack.waitForStatus(items[1], ['failed']);
    await stack.waitForStatus(items[2], ['processing', 'manual_review']);

    await page.goto(`${stack.apiUrl}/ops`);
    const batch = page.locator(`#batches-table tr[data-batch-id="${batchId}"]`);
    await expect(batch.locator('.client').textContent()).resolves.toBe('stack');
    await expect(batch.locator('.settled').textContent()).resolves.toBe('2 of 3 settled (66%)');
    await expect(batch.locator('[role=progressbar]').getAttribute('aria-valuenow')).resolves.toBe('66');
    const segments = await batch
      .locator('.segment')
      .evaluateAll((spans) => spans.map((span) => [span.getAttribute('data-status'), span.getAttribute('data-count')]));
    expect(segments).toEqual([
      [expect.stringMatching(/^(processing|manual_review)$/), '1'],
      ['succeeded', '1'],
      ['failed', '1'],
    ]);
    await expect(batch.innerText()).resolves.toContain('1,500.34');
    await page.locator('#batches').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}/ops-programs-batches.png`, fullPage: true });
  });

  describe('the approvers’ queue', () => {
    interface PayoutBody {
      id: string;
      status: string;
      failure: { code: string } | null;
      attempts: { reference: string }[];
      events: { from: string | null; to: string; source: string; actor?: string; reason: string; applied: boolean }[];
    }
    const payoutOf = async (id: string) =>
      (await stack.call<PayoutBody>('GET', `/v1/payouts/${id}?expand=attempts,events`)).body;
    const row = (id: string) => page.locator(`#approvals-table tr[data-payout-id="${id}"]`);
    let toApprove: string;
    let toReject: string;

    beforeAll(async () => {
      // One approval for every TRY payout from 1,000.00 up; the stack's client creates them.
      const policy = await stack.call('PUT', '/v1/approval-policy', {
        rules: [{ minAmount: '100000', currency: 'TRY', approvals: 1 }],
        reason: 'maker-checker for large payouts',
      });
      expect(policy.status).toBe(200);
      const first = await stack.createPayout({ amount: '150000', reference: 'supplier-7781' });
      const second = await stack.createPayout({ amount: '160000', reference: 'supplier-7782' });
      expect([first.body.status, second.body.status]).toEqual(['awaiting_approval', 'awaiting_approval']);
      toApprove = first.body.id;
      toReject = second.body.id;
    });

    it('shows the queue read only to a key without payouts:approve', async () => {
      await signIn(stack.key);
      await expect(row(toApprove).count()).resolves.toBe(1);
      await expect(page.locator('#approvals-read-only').count()).resolves.toBe(1);
      await expect(row(toApprove).locator('form').count()).resolves.toBe(0);
    });

    it('refuses a reject without a reason, in the browser and on the server, changing nothing', async () => {
      await signIn(checker.key);
      await expect(row(toReject).locator('.client').textContent()).resolves.toBe('stack');
      await row(toReject).locator('button[name=reject]').click();
      // The browser does not send it: the reason is required; we stay on /ops with the field invalid.
      await expect(row(toReject).locator('input[name=reason]:invalid').count()).resolves.toBe(1);
      expect(new URL(page.url()).search).toBe('');
      await page.screenshot({ path: `${ARTIFACTS}/ops-approvals-reject-needs-reason.png`, fullPage: true });

      // Posted anyway (no browser check): the server refuses it too, and the payout still waits.
      const forced = await page.request.post(`${stack.apiUrl}/ops/payouts/${toReject}/reject`, {
        headers: { origin: stack.apiUrl },
        form: { reason: '   ' },
        maxRedirects: 0,
      });
      expect(forced.status()).toBe(303);
      await page.goto(`${stack.apiUrl}${forced.headers().location}`);
      await expect(page.locator('#notice').textContent()).resolves.toBe(
        `Payout ${toReject} not decided: a rejection needs a reason.`,
      );
      expect((await payoutOf(toReject)).status).toBe('awaiting_approval');

      // A post from another site is refused, even with the session cookie.
      const forged = await page.request.post(`${stack.apiUrl}/ops/payouts/${toApprove}/approve`, {
        headers: { origin: 'http://evil.example' },
        form: { reason: 'forged' },
        maxRedirects: 0,
      });
      expect(forged.status()).toBe(403);
      expect((await payoutOf(toApprove)).status).toBe('awaiting_approval');

      // A batch decision goes to the batch approvals' use case: an unknown batch is not found.
      const batchDecision = await page.request.post(`${stack.apiUrl}/ops/batches/${randomUUID()}/approve`, {
        headers: { origin: stack.apiUrl },
        form: { reason: '' },
        maxRedirects: 0,
      });
      expect(batchDecision.status()).toBe(303);
      expect(batchDecision.headers().location).toContain('error=not_found');
    });

    it('approves a payout from the page with a reason; the sandbox then pays it exactly once', async () => {
      await page.goto(`${stack.apiUrl}/ops`);
      await page.screenshot({ path: `${ARTIFACTS}/ops-approvals-queue.png`, fullPage: true });
      await row(toApprove).locator('input[name=reason]').fill('invoice 7781 checked against the PO');
      await Promise.all([page.waitForURL(/\/ops\?decided=/), row(toApprove).locator('button[name=approve]').click()]);
      await expect(page.locator('#notice').textContent()).resolves.toBe(
        `Payout ${toApprove} approved; your decision is on its timeline.`,
      );
      await expect(row(toApprove).count()).resolves.toBe(0);
      await page.screenshot({ path: `${ARTIFACTS}/ops-approvals-approved.png`, fullPage: true });

      const paid = (await stack.waitForStatus(toApprove, ['succeeded'], 30_000)) as unknown as PayoutBody;
      const decision = paid.events.find((event) => event.source === `approval:${checker.id}`);
      expect(decision).toMatchObject({ from: 'awaiting_approval', actor: 'checker', applied: true });
      expect(paid.attempts).toHaveLength(1);
      const transfers = await stack.sandbox<{ data: unknown[] }>(
        'GET',
        `/_sandbox/transfers?reference=${encodeURIComponent(paid.attempts[0].reference)}`,
      );
      expect(transfers.data).toHaveLength(1);
      // Nothing else went out for it: one applied submitting step, one success.
      expect(paid.events.filter((event) => event.applied && event.to === 'succeeded')).toHaveLength(1);
    });

    it('rejects a payout with a reason: canceled as rejected by the approver, never sent', async () => {
      await row(toReject).locator('input[name=reason]').fill('duplicate of supplier-7781');
      await Promise.all([page.waitForURL(/\/ops\?decided=/), row(toReject).locator('button[name=reject]').click()]);
      await expect(page.locator('#notice').textContent()).resolves.toBe(
        `Payout ${toReject} rejected; your decision is on its timeline.`,
      );
      const rejected = await payoutOf(toReject);
      expect(rejected).toMatchObject({ status: 'canceled', failure: { code: 'rejected_by_approver' }, attempts: [] });
      expect(rejected.events.at(-1)).toMatchObject({ source: `approval:${checker.id}`, actor: 'checker' });
      await expect(page.locator('#approvals-table-empty').count()).resolves.toBe(1);
    });

    it('approves a batch from the page with a reason: one decision for its items, each then paid exactly once', async () => {
      // 2 x 600.00 TRY: neither item needs an approval alone; their 1,200.00 TRY batch does.
      const batchId = await createBatchAs(payroll.key, 'july-suppliers', ['60000', '60000']);
      const items = await itemsOf(batchId);
      for (const id of items) expect((await payoutOf(id)).status).toBe('awaiting_approval');
      await signIn(checker.key);
      const batchRow = page.locator(`#approval-batches-table tr[data-batch-id="${batchId}"]`);
      await expect(batchRow.locator('.client').textContent()).resolves.toBe('payroll');
      // Its items are not decided one by one: they are not in the payouts' queue.
      for (const id of items) await expect(row(id).count()).resolves.toBe(0);
      await batchRow.locator('input[name=reason]').fill('july supplier run checked');
      await Promise.all([page.waitForURL(/\/ops\?decided=/), batchRow.locator('button[name=approve]').click()]);
      await expect(page.locator('#notice').textContent()).resolves.toBe(
        `Batch ${batchId} approved; your decision is on its timeline.`,
      );
      await expect(batchRow.count()).resolves.toBe(0);
      await page.screenshot({ path: `${ARTIFACTS}/ops-approvals-batch-approved.png`, fullPage: true });

      for (const id of items) {
        const paid = (await stack.waitForStatus(id, ['succeeded'], 60_000)) as unknown as PayoutBody;
        const decision = paid.events.find((event) => event.source === `approval:${checker.id}`);
        expect(decision).toMatchObject({
          from: 'awaiting_approval',
          to: 'pending',
          actor: 'checker',
          reason: 'july supplier run checked',
          applied: true,
        });
        expect(paid.attempts).toHaveLength(1);
        const transfers = await stack.sandbox<{ data: unknown[] }>(
          'GET',
          `/_sandbox/transfers?reference=${encodeURIComponent(paid.attempts[0].reference)}`,
        );
        expect(transfers.data).toHaveLength(1);
        expect(paid.events.filter((event) => event.applied && event.to === 'succeeded')).toHaveLength(1);
      }
    });

    it('gives no buttons on a payout of the approver’s own client, and the approvals refuse the decision', async () => {
      const [self] = await createClients(stack.databaseUrl, [
        { name: 'self-approver', scopes: ['payouts:write', 'payouts:read', 'ops:read', 'payouts:approve'] },
      ]);
      const own = await createAs(self.key, { amount: '170000', reference: 'own-7783' });
      expect(own.status).toBe('awaiting_approval');
      await signIn(self.key);
      await expect(row(own.id).locator('.own').textContent()).resolves.toContain('another approver decides');
      await expect(row(own.id).locator('form').count()).resolves.toBe(0);

      // Posted anyway: DecideApprovals refuses the creator (403 forbidden on the API); the page says so.
      const forced = await page.request.post(`${stack.apiUrl}/ops/payouts/${own.id}/approve`, {
        headers: { origin: stack.apiUrl },
        form: { reason: 'looks fine to me' },
        maxRedirects: 0,
      });
      expect(forced.status()).toBe(303);
      await page.goto(`${stack.apiUrl}${forced.headers().location}`);
      await expect(page.locator('#notice').textContent()).resolves.toBe(
        `Payout ${own.id} not decided: your client created it or has approved it already; another approver decides.`,
      );
      expect((await payoutOf(own.id)).status).toBe('awaiting_approval');
    });
  });
});
