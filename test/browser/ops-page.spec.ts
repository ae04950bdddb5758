import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { waitUntil } from '../support/processes';
import { Stack } from '../support/stack';

// The /ops page in a real headless browser (Debian's Chromium driven by playwright-core; nothing is downloaded): sign
// in through the form, find the stuck Sipay 13 payout, press its refresh button, and check what the page says; then
// the console flow: search a second one by its reference, open its page, resolve it with a reason through the
// confirmation step, and read the actor's name and the reason on its timeline. The screenshots land in
// test-artifacts/ (git-ignored) for whoever wants to look at the pages.
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
  let toResolve: string;
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
    const second = await stack.createPayout({ amount: '250013', provider: 'sipay', reference: 'browser-resolve' });
    expect(second.status).toBe(201);
    toResolve = second.body.id;
    await stack.waitForStatus(payoutId, ['manual_review'], 90_000);
    await stack.waitForStatus(toResolve, ['manual_review'], 90_000);
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

  it('finds a payout by reference, resolves it with a reason through the confirmation, and shows who and why', async () => {
    await page.goto(`${stack.apiUrl}/ops`);
    // The charts are drawn on the server as inline SVG: two payouts of the current hour, both routed to Sipay.
    const hourBars = page.locator('#chart-status-per-hour g[data-total]');
    await expect(hourBars.count()).resolves.toBe(24);
    await expect(hourBars.last().getAttribute('data-total')).resolves.toBe('2');
    await expect(page.locator('#chart-success-rate g[data-provider="sipay"]').count()).resolves.toBe(1);
    await expect(page.locator('#chart-time-to-final g[data-provider="sipay"]').count()).resolves.toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}/ops-console-overview.png`, fullPage: true });

    await page.fill('#search', 'browser-resolve');
    await Promise.all([page.waitForURL(/\/ops\/search\?q=browser-resolve/), page.click('form.search button')]);
    const hit = page.locator(`#search-table tr[data-payout-id="${toResolve}"]`);
    await expect(page.locator('#search-table tbody tr').count()).resolves.toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}/ops-console-search.png`, fullPage: true });
    await Promise.all([page.waitForURL(`${stack.apiUrl}/ops/payouts/${toResolve}`), hit.locator('a').click()]);

    await expect(page.locator('#payout-status').textContent()).resolves.toContain('manual_review');
    await expect(page.locator('#next-check').innerText()).resolves.toMatch(/next poll at|needs a person/);
    const attempt = page.locator('#attempts-table tbody tr');
    await expect(attempt.count()).resolves.toBe(1);
    await expect(attempt.innerText()).resolves.toContain('sipay');
    await expect(page.locator('#events-table tbody tr').count()).resolves.toBeGreaterThanOrEqual(3);
    // The provider's answer is masked: the beneficiary's full IBAN appears nowhere on the page.
    expect(await page.content()).not.toContain('TR320010009999901234567890');

    // Refresh from the payout page comes back to it: Sipay still has it in review.
    await page.fill('#refresh-form input[name=reason]', 'customer called');
    await Promise.all([page.waitForURL(/\/ops\/payouts\/.*\?refreshed=/), page.click('#refresh-form button')]);
    await expect(page.locator('#notice').textContent()).resolves.toBe(
      `Refreshed payout ${toResolve}: the provider lookup said found; the payout is now manual_review.`,
    );
    // The lookup's event names who asked for it and the reason they typed.
    const refreshEvent = page.locator('#events-table tbody tr').last();
    await expect(refreshEvent.locator('.actor').textContent()).resolves.toBe('stack');
    await expect(refreshEvent.locator('.reason').textContent()).resolves.toBe('customer called');
    await page.screenshot({ path: `${ARTIFACTS}/ops-console-payout.png`, fullPage: true });

    // A form posted from another site is refused, even with the session cookie (the CSRF check of every ops form).
    const forged = await page.request.post(`${stack.apiUrl}/ops/payouts/${toResolve}/resolve`, {
      headers: { origin: 'http://evil.example' },
      form: { step: 'confirm', status: 'succeeded', reason: 'forged', evidence: 'forged' },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);

    // Review first: nothing is sent until the second button.
    await page.check('#resolve-form input[name=status][value=failed]');
    await page.fill('#resolve-form textarea[name=reason]', 'Sipay support: the bank refused the account');
    await page.fill('#resolve-form textarea[name=evidence]', 'Sipay ticket 4411, call at 10:05');
    await page.click('#resolve-form button[name=step]');
    await expect(page.locator('#confirm-status').textContent()).resolves.toBe('failed');
    await expect(page.locator('#confirm-reason').textContent()).resolves.toBe(
      'Sipay support: the bank refused the account',
    );
    expect((await stack.call<{ status: string }>('GET', `/v1/payouts/${toResolve}`)).body.status).toBe('manual_review');
    await page.screenshot({ path: `${ARTIFACTS}/ops-console-confirm.png`, fullPage: true });

    // A confirm of a review that no longer matches the payout (its version moved since) writes nothing: 409, a page
    // that says so and links back to the payout.
    const reviewed = Number(await page.locator('#confirm input[name=version]').getAttribute('value'));
    const stale = await page.request.post(`${stack.apiUrl}/ops/payouts/${toResolve}/resolve`, {
      headers: { origin: stack.apiUrl },
      form: { step: 'confirm', status: 'failed', reason: 'stale', evidence: 'stale', version: String(reviewed - 1) },
      maxRedirects: 0,
    });
    expect(stale.status()).toBe(409);
    const stalePage = await stale.text();
    expect(stalePage).toContain('the payout changed since you reviewed it');
    expect(stalePage).toContain(`href="/ops/payouts/${toResolve}"`);
    expect((await stack.call<{ status: string }>('GET', `/v1/payouts/${toResolve}`)).body.status).toBe('manual_review');

    await Promise.all([page.waitForURL(/\?resolved=failed/), page.click('#confirm-resolve')]);
    await expect(page.locator('#notice').textContent()).resolves.toBe(
      'Resolved as failed; your reason is on the timeline.',
    );
    await expect(page.locator('#payout-status').textContent()).resolves.toContain('failed');
    const resolvedEvent = page.locator('#events-table tbody tr').last();
    await expect(resolvedEvent.locator('.actor').textContent()).resolves.toBe('stack');
    await expect(resolvedEvent.locator('.reason').textContent()).resolves.toBe(
      'Sipay support: the bank refused the account',
    );
    await expect(resolvedEvent.locator('.evidence').textContent()).resolves.toBe('Sipay ticket 4411, call at 10:05');
    await expect(page.locator('#no-actions').count()).resolves.toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}/ops-console-resolved.png`, fullPage: true });

    // The API's history says the same: the client's name, what they typed.
    const { body } = await stack.call<{ events: { to: string; actor?: string; reason: string; evidence?: string }[] }>(
      'GET',
      `/v1/payouts/${toResolve}?expand=events`,
    );
    expect(body.events.at(-1)).toMatchObject({
      to: 'failed',
      actor: 'stack',
      reason: 'Sipay support: the bank refused the account',
      evidence: 'Sipay ticket 4411, call at 10:05',
    });
    expect([...requestedHosts]).toEqual([new URL(stack.apiUrl).host]);
  });

  it('searches by IBAN last 4 a page at a time, and refuses a whole IBAN without echoing it', async () => {
    await page.goto(`${stack.apiUrl}/ops/search?q=7890`);
    const ids = await page
      .locator('#search-table tbody tr')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-payout-id')));
    expect(ids).toEqual([toResolve, payoutId]); // newest first; both have the fixture IBAN ending 7890

    const { body } = await stack.call<{ providerReference: string }>('GET', `/v1/payouts/${payoutId}`);
    await page.goto(`${stack.apiUrl}/ops/search?q=${body.providerReference}`);
    await expect(
      page
        .locator('#search-table tbody tr')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-payout-id'))),
    ).resolves.toEqual([payoutId]);
    // A payout id goes straight to its page.
    await page.goto(`${stack.apiUrl}/ops/search?q=${payoutId.toUpperCase()}`);
    expect(new URL(page.url()).pathname).toBe(`/ops/payouts/${payoutId}`);

    const whole = await page.goto(`${stack.apiUrl}/ops/search?q=TR320010009999901234567890`);
    expect(whole?.status()).toBe(400);
    await expect(page.locator('#notice').textContent()).resolves.toContain('last 4');
    expect(await page.content()).not.toContain('9999901234567890');
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

  it('shows each provider balance, flags a low one, and counts the payouts held for a balance', async () => {
    const patched = await stack.call('PATCH', '/v1/providers/sipay', {
      lowBalanceThreshold: '500000',
      reason: 'browser',
    });
    expect(patched.status).toBe(200);
    await stack.sandbox('PUT', '/_sandbox/providers/sipay', { balance: '100000' });
    await waitUntil(
      async () => {
        const { body } = await stack.call<{ data: { name: string; balance: { amount: string } | null }[] }>(
          'GET',
          '/v1/providers',
        );
        return body.data.find((p) => p.name === 'sipay')?.balance?.amount === '100000' ? true : undefined;
      },
      60_000,
      'the refresh to read the Sipay balance',
    );
    // Pinned to Sipay, which cannot cover it: it waits in pending, held.
    const held = (await stack.createPayout({ amount: '250000', provider: 'sipay', reference: 'browser-held' })).body.id;
    await waitUntil(
      async () =>
        (await stack.call<{ holdReason: string | null }>('GET', `/v1/payouts/${held}`)).body.holdReason ===
        'insufficient_provider_balance'
          ? true
          : undefined,
      30_000,
      'the pinned payout to wait for a balance',
    );

    await page.goto(`${stack.apiUrl}/ops#balances`);
    const sipay = page.locator('#balance-table tr[data-provider="sipay"]');
    await expect(sipay.getAttribute('data-low')).resolves.toBe('true');
    const text = (await sipay.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('low');
    expect(text).toContain('read');
    expect(text).toContain('500000');
    await expect(page.locator('#balance-table tr[data-provider="pientegra"]').innerText()).resolves.toContain(
      'unknown',
    );
    await expect(page.locator('#balance-held-count').textContent()).resolves.toBe('1');
    await page.screenshot({ path: `${ARTIFACTS}/ops-balances.png`, fullPage: true });

    // A top-up releases it: paid once, and the page has nothing held any more.
    await stack.sandbox('PUT', '/_sandbox/providers/sipay', { balance: null });
    await stack.waitForStatus(held, ['processing', 'succeeded'], 60_000);
    // The same URL again would only scroll to the anchor: load the page anew.
    await page.goto(`${stack.apiUrl}/ops`);
    await expect(page.locator('#balance-held').innerText()).resolves.toContain('No payout waits');
    await expect(page.locator('#balance-table tr[data-provider="sipay"]').getAttribute('data-low')).resolves.toBe(
      'false',
    );
  });

  it('shows the last reconciliation runs with their discrepancies and a CSV link of each', async () => {
    const from = new Date(Date.now() - 1_000).toISOString();
    const dropped = await stack.createPayout({ amount: '250096', provider: 'sipay', reference: 'browser-96' });
    await stack.waitForStatus(dropped.body.id, ['succeeded'], 60_000);
    const started = await stack.call<{ id: string }>('POST', '/v1/reconciliation/runs', {
      provider: 'sipay',
      from,
      to: new Date(Date.now() + 1_000).toISOString(),
      reason: 'browser: end of day',
    });
    expect(started.status).toBe(201);
    await waitUntil(
      async () =>
        (await stack.call<{ status: string }>('GET', `/v1/reconciliation/runs/${started.body.id}`)).body.status ===
          'completed' || undefined,
      60_000,
      'the run to complete',
    );
    // The test before leaves the page on /ops: going to the same URL with an anchor would only scroll, not load anew.
    await page.goto('about:blank');
    await page.goto(`${stack.apiUrl}/ops#reconciliation`);
    const run = page.locator(`#reconciliation-table tr#run-${started.body.id}`);
    await expect(run.textContent()).resolves.toContain('completed');
    await expect(run.locator('ul.discrepancies li').first().textContent()).resolves.toContain('missingAtProvider');
    const csvLink = run.locator('a[href$="items.csv"]');
    expect(await csvLink.getAttribute('href')).toBe(`/ops/reconciliation/runs/${started.body.id}/items.csv`);
    const csv = await page.request.get(`${stack.apiUrl}/ops/reconciliation/runs/${started.body.id}/items.csv`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain(`missingAtProvider,${dropped.body.id}`);
    await run.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}/ops-reconciliation.png`, fullPage: true });
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
