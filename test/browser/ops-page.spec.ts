import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { waitUntil } from '../support/processes';
import { Stack } from '../support/stack';

// The /ops page in a real headless browser (Debian's Chromium driven by playwright-core; nothing is downloaded): sign
// in through the form, find the stuck Sipay 13 payout, press its refresh button, and check what the page says. The
// screenshot lands in test-artifacts/ (git-ignored) for whoever wants to look at the page.
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

interface StuckRow {
  payout: { id: string; status: string };
  pollCount: number;
}

describeWithChromium('the /ops page in a browser', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let payoutId: string;
  const requestedHosts = new Set<string>();
  const loadedHosts = new Set<string>();
  const blocked: string[] = [];

  const stuckIds = async (): Promise<string[]> => {
    const answer = await stack.call<{ data: StuckRow[] }>('GET', '/v1/ops/stuck?status=manual_review');
    return answer.body.data.map((row) => row.payout.id);
  };
  const row = () => page.locator(`#stuck-table tr[data-payout-id="${payoutId}"]`);

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // POLL_TIME_SCALE 0.02: after its first look, the poller looks at a manual_review payout again only ~24 s later,
    // so the refreshes below are the lookups that see the payout change.
    const [started, launched] = await Promise.all([
      Stack.start({ label: 'ops_page', env: { POLL_TIME_SCALE: '0.02', STUCK_AFTER: 'manual_review=1s' } }),
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
    const created = await stack.createPayout({ amount: '250013', provider: 'sipay', reference: 'browser-13' });
    expect(created.status).toBe(201);
    payoutId = created.body.id;
    await stack.waitForStatus(payoutId, ['manual_review'], 90_000);
    await waitUntil(async () => (await stuckIds()).includes(payoutId), 15_000, 'the payout to be stuck');
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('request', (request) => requestedHosts.add(new URL(request.url()).host));
    page.on('requestfinished', (request) => loadedHosts.add(new URL(request.url()).host));
    page.on('requestfailed', (request) =>
      blocked.push(`${new URL(request.url()).host} ${request.failure()?.errorText}`),
    );
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('sends a visitor without a session to the login form, and refuses a key without ops:read', async () => {
    await page.goto(`${stack.apiUrl}/ops`);
    expect(new URL(page.url()).pathname).toBe('/ops/login');
    await page.fill('#key', 'pk_not-a-real-key');
    await page.click('button[type=submit]');
    await expect(page.locator('.notice.error').textContent()).resolves.toContain('unknown or revoked');
  });

  it('signs in with an ops key, finds the stuck payout and refreshes it', async () => {
    await page.goto(`${stack.apiUrl}/ops/login`);
    await page.fill('#key', stack.key);
    await Promise.all([page.waitForURL(`${stack.apiUrl}/ops`), page.click('button[type=submit]')]);
    const [cookie] = (await page.context().cookies()).filter((c) => c.name === 'ops_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/ops' });
    expect(cookie.value).not.toContain(stack.key);

    await expect(row().getAttribute('data-status')).resolves.toBe('manual_review');
    const text = (await row().innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('sipay manual review');
    expect(text).toMatch(/next poll at .* left in the schedule/);
    expect(await page.locator('#summary-cards').innerText()).toContain('manual_review');
    await page.screenshot({ path: `${ARTIFACTS}/ops-page.png`, fullPage: true });

    // Still in review at Sipay: the lookup runs and says so. The form asks why (the audit log keeps it).
    await row().locator('input[name=reason]').fill('customer asked where the money is');
    await Promise.all([page.waitForURL(/\/ops\?refreshed=/), row().locator('button[name=refresh]').click()]);
    await expect(page.locator('#notice').textContent()).resolves.toBe(
      `Refreshed payout ${payoutId}: the provider lookup said found; the payout is now manual_review.`,
    );
    await expect(row().count()).resolves.toBe(1);

    // Sipay's operators release it; the next refresh applies the success and the row leaves the stuck list.
    const { body } = await stack.call<{ attempts: { reference: string }[] }>(
      'GET',
      `/v1/payouts/${payoutId}?expand=attempts`,
    );
    await stack.sandbox('POST', `/_sandbox/transfers/sipay/${body.attempts[0].reference}/release`, { outcome: 'sent' });
    await row().locator('input[name=reason]').fill('Sipay says it was released');
    await Promise.all([page.waitForURL(/\/ops\?refreshed=/), row().locator('button[name=refresh]').click()]);
    await expect(page.locator('#notice').textContent()).resolves.toBe(
      `Refreshed payout ${payoutId}: the provider lookup said found; the payout is now succeeded.`,
    );
    await expect(row().count()).resolves.toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}/ops-page-refreshed.png`, fullPage: true });
    expect((await stack.call<{ status: string }>('GET', `/v1/payouts/${payoutId}`)).body.status).toBe('succeeded');
    expect([...requestedHosts]).toEqual([new URL(stack.apiUrl).host]); // no external assets on /ops
  });

  it('opens the queue dashboard with the same session, loading nothing from elsewhere', async () => {
    const response = await page.goto(`${stack.apiUrl}/ops/queues`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("font-src 'self'");
    await page.waitForSelector('text=dispatch', { timeout: 15_000 });
    const apiHost = new URL(stack.apiUrl).host;
    // bull-board's page names a web font on fonts.googleapis.com; the policy stops the browser from fetching it.
    expect([...loadedHosts].filter((host) => host !== apiHost)).toEqual([]);
    for (const failure of blocked.filter((entry) => !entry.startsWith(apiHost))) {
      expect(failure).toMatch(/ERR_BLOCKED_BY_CSP|csp/i);
    }
  });

  it('signs out: the session is gone and /ops asks for the key again', async () => {
    await page.goto(`${stack.apiUrl}/ops`);
    await Promise.all([page.waitForURL(`${stack.apiUrl}/ops/login`), page.click('header button[type=submit]')]);
    await page.goto(`${stack.apiUrl}/ops`);
    expect(new URL(page.url()).pathname).toBe('/ops/login');
    const queues = await page.request.get(`${stack.apiUrl}/ops/queues/api/queues`, { maxRedirects: 0 });
    expect([303, 401]).toContain(queues.status());
  });
});
