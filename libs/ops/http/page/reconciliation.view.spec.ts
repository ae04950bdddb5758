import type { RunItemRecord, RunRecord } from '@libs/reconciliation';
import { reconciliationSection } from './reconciliation.view';

const run: RunRecord = {
  id: '0193a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b',
  provider: 'lister',
  from: new Date('2026-12-04T21:00:00Z'),
  to: new Date('2026-12-05T21:00:00Z'),
  status: 'completed',
  reason: 'daily',
  requestedBy: null,
  cursor: null,
  pages: 3,
  listedCount: 1200,
  listingDone: true,
  counts: { matched: 1198, missingAtProvider: 1, unknownAtProvider: 1, amountMismatch: 0, statusMismatch: 0 },
  failure: null,
  startedAt: new Date('2026-12-05T23:00:00Z'),
  finishedAt: new Date('2026-12-05T23:00:05Z'),
};

const item = (over: Partial<RunItemRecord>): RunItemRecord => ({
  id: '1',
  runId: run.id,
  kind: 'missingAtProvider',
  payoutId: null,
  ourReference: null,
  ourAmount: null,
  ourCurrency: null,
  ourStatus: null,
  providerId: null,
  providerReference: null,
  providerAmount: null,
  providerCurrency: null,
  providerStatus: null,
  providerCreatedAt: null,
  providerProblem: null,
  flaggedAt: null,
  ...over,
});

describe('the /ops reconciliation section', () => {
  it('lists each run with its counts, its first discrepancies and a link to all of them as CSV', () => {
    const page = reconciliationSection({
      runs: [
        {
          run,
          items: [
            item({ payoutId: 'aaaaaaaa-0000-4000-8000-000000000001', ourAmount: 250096n, ourStatus: 'succeeded' }),
            item({
              id: '2',
              kind: 'unknownAtProvider',
              providerId: 'w-9',
              providerAmount: 777n,
              providerStatus: 'unknown',
              providerProblem: '<script>status</script>',
            }),
          ],
        },
      ],
    }).value;
    expect(page).toContain(`id="run-${run.id}"`);
    expect(page).toContain('<td class="num">1198</td>');
    expect(page).toContain(`href="/ops/reconciliation/runs/${run.id}/items.csv">all 2 as CSV`);
    expect(page).toContain('href="/ops/payouts/aaaaaaaa-0000-4000-8000-000000000001"');
    expect(page).toContain('250096');
    // A provider's text is escaped, never markup.
    expect(page).toContain('&lt;script&gt;status&lt;/script&gt;');
    expect(page).not.toContain('<script>');
  });

  it('says when there is no run, and shows a failed run with why', () => {
    expect(reconciliationSection({ runs: [] }).value).toContain('No run yet.');
    const failed = reconciliationSection({
      runs: [{ run: { ...run, status: 'failed', failure: 'listing page 2 unavailable: server_error' }, items: [] }],
    }).value;
    expect(failed).toContain('listing page 2 unavailable: server_error');
  });
});
