import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createClients } from '../support/clients';
import { Stack } from '../support/stack';

// The /ops page's program sections (programs.md "Ops page") in a real headless browser, as ops-page.spec.ts drives it
// (Debian's Chromium through playwright-core; nothing downloaded): every client's scheduled payouts with their release
// time, and a batch's progress as the sandbox pays its items. Screenshots land in test-artifacts/ (git-ignored).
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
    [payroll] = await createClients(stack.databaseUrl, [
      { name: 'payroll', scopes: ['payouts:write', 'payouts:read'] },
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
});
