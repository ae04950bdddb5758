import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createClients } from '../support/clients';
import { Stack } from '../support/stack';

// The /ops approvals queue in a real headless browser (Debian's Chromium driven by playwright-core, as the ops page
// spec): an approver signs in, follows the header's Approvals link (the old /ops/approvals address leads to the same
// queue section of /ops), finds a payout awaiting approval, approves it with a reason, and the payout is then paid
// exactly once by the sandbox; its timeline shows the approver's name and reason.
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = 'test-artifacts';
const hasChromium = existsSync(CHROMIUM);

// Without Chromium the test fails with what to do, rather than skipping: `npm test` installs it when it can.
if (!hasChromium) {
  it('needs Chromium', () => {
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium package (apt-get install -y chromium)`);
  });
}
const describeWithChromium = hasChromium ? describe : () => undefined;

describeWithChromium('the /ops approvals queue in a browser', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let approver: { id: string; key: string };
  let payoutId: string;

  const row = () => page.locator(`#approvals-table tr[data-payout-id="${payoutId}"]`);

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const [started, launched] = await Promise.all([
      Stack.start({ label: 'ops_approvals' }),
      chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
      }),
    ]);
    stack = started;
    browser = launched;
    [approver] = await createClients(stack.databaseUrl, [
      { name: 'checker', scopes: ['ops:read', 'payouts:read', 'payouts:approve'] },
    ]);
    const policy = await stack.call('PUT', '/v1/approval-policy', {
      rules: [{ minAmount: '1000000', currency: 'TRY', approvals: 1 }],
      reason: 'maker-checker from 10,000.00 TRY',
    });
    expect(policy.status).toBe(200);
    const created = await stack.createPayout({ amount: '1250000', reference: 'browser-approval' });
    expect(created.body.status).toBe('awaiting_approval');
    payoutId = created.body.id;
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('approves with a reason from the queue, and the payout is then paid once', async () => {
    await page.goto(`${stack.apiUrl}/ops/login`);
    await page.fill('#key', approver.key);
    await Promise.all([page.waitForURL(`${stack.apiUrl}/ops`), page.click('button[type=submit]')]);
    await page.click('header a[href="/ops#approvals"]');
    await page.waitForURL(`${stack.apiUrl}/ops#approvals`);
    // The address of the former approvals page leads to the queue on /ops.
    await page.goto(`${stack.apiUrl}/ops/approvals`);
    expect(page.url()).toBe(`${stack.apiUrl}/ops#approvals`);
    const removed = await page.request.post(`${stack.apiUrl}/ops/payouts/${payoutId}/decide`, {
      headers: { origin: stack.apiUrl },
      form: { decision: 'approve', reason: 'old form' },
      maxRedirects: 0,
    });
    expect(removed.status()).toBe(404);

    const text = (await row().innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('12,500.00 TRY');
    expect(text).toContain('0 of 1');
    await page.screenshot({ path: `${ARTIFACTS}/ops-approvals.png`, fullPage: true });
    expect((await stack.call<{ status: string }>('GET', `/v1/payouts/${payoutId}`)).body.status).toBe(
      'awaiting_approval',
    );

    await row().locator('input[name=reason]').fill('invoice 2026-114 matches');
    await Promise.all([page.waitForURL(/\/ops\?decided=/), row().locator('button[name=approve]').click()]);
    await expect(page.locator('#notice').textContent()).resolves.toBe(
      `Payout ${payoutId} approved; your decision is on its timeline.`,
    );
    await expect(row().count()).resolves.toBe(0);

    const paid = await stack.waitForStatus(payoutId, ['succeeded'], 60_000);
    const attempts = paid.attempts as { reference: string }[];
    expect(attempts).toHaveLength(1);
    const transfers = await stack.sandbox<{ data: unknown[] }>(
      'GET',
      `/_sandbox/transfers?reference=${encodeURIComponent(attempts[0].reference)}`,
    );
    expect(transfers.data).toHaveLength(1);

    await page.goto(`${stack.apiUrl}/ops/payouts/${payoutId}`);
    await expect(page.locator('#approval').innerText()).resolves.toContain('checker');
    const decision = page.locator('#events-table tbody tr', { hasText: `approval:${approver.id}` });
    await expect(decision.locator('.actor').textContent()).resolves.toBe('checker');
    await expect(decision.locator('.reason').textContent()).resolves.toBe('invoice 2026-114 matches');
    await page.screenshot({ path: `${ARTIFACTS}/ops-approved-payout.png`, fullPage: true });
  });
});
