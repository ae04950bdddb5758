import { opsRow } from '@test/support/ops/ops.test-data';
import { toBatchProgressView, toScheduledView, type OpsPrograms } from '../../application/read-ops-programs';
import { programSections, releaseDistance } from './programs.view';

const NOW = new Date('2026-01-01T00:10:00.000Z');

function scheduled(id: string, scheduledFor: string, clientName = 'payroll <team>') {
  const { payout } = opsRow({
    id,
    status: 'scheduled',
    scheduledFor: new Date(scheduledFor),
    nextCheckAt: new Date(scheduledFor),
    provider: null,
    reference: 'june-salaries',
  });
  return toScheduledView({ payout, clientName }, NOW);
}

describe('the /ops program sections', () => {
  it('says how far off a release time is, or how long past it', () => {
    expect(releaseDistance(190)).toBe('in 3m 10s');
    expect(releaseDistance(0)).toBe('in 0ms');
    expect(releaseDistance(-125)).toBe('2m 5s past');
  });

  it('lists scheduled payouts with their client (escaped), release time, and flags one past it', () => {
    const programs: OpsPrograms = {
      scheduled: [
        scheduled('0193a1b2-3c4d-7e5f-8a9b-000000000001', '2026-01-01T00:08:00.000Z'),
        scheduled('0193a1b2-3c4d-7e5f-8a9b-000000000002', '2026-01-01T01:10:00.000Z'),
      ],
      batches: [],
      next: { scheduled: 'MjAyNi0wMS0wMVQwMTowMDowMC4wMDBa', batches: null },
    };
    const page = programSections(programs, NOW).value;
    expect(page).toContain('Scheduled payouts (2+)');
    expect(page).toContain('payroll &lt;team&gt;');
    expect(page).not.toContain('payroll <team>');
    expect(page).toContain('data-release-at="2026-01-01T00:08:00.000Z"');
    expect(page).toMatch(/class="release-in flag">2m past</);
    expect(page).toMatch(/class="release-in">in 1h</);
    expect(page).toContain('2,500.13');
    expect(page).toContain('href="/ops?scheduledAfter=MjAyNi0wMS0wMVQwMTowMDowMC4wMDBa#scheduled"');
  });

  it('says so when nothing is scheduled, with no next link', () => {
    const page = programSections({ scheduled: [], batches: [], next: { scheduled: null, batches: null } }, NOW).value;
    expect(page).toContain('id="scheduled-table-empty"');
    expect(page).toContain('id="batches-table-empty"');
    expect(page).not.toContain('scheduled-next');
    expect(page).not.toContain('batches-next');
  });

  it('shows a batch with its total, its items by status as a bar, and how many are settled', () => {
    const view = toBatchProgressView({
      id: '0193a1b2-3c4d-7e5f-8a9b-00000000000b',
      clientName: 'payroll',
      status: 'open',
      reference: 'june <payroll>',
      itemCount: 8,
      // Beyond 2^53: the total is a bigint to the page, never a number.
      totalAmount: 9007199254740993n,
      currency: 'TRY',
      counts: { succeeded: 3, failed: 1, processing: 2, pending: 2 },
      createdAt: NOW,
      completedAt: null,
    });
    expect(view).toMatchObject({ settled: 4, percentSettled: 50 });
    expect(view.batch).toMatchObject({ totalAmount: '9007199254740993', itemCount: 8 });
    expect(view.batch.counts).toMatchObject({ succeeded: 3, failed: 1, processing: 2, pending: 2, canceled: 0 });

    const page = programSections(
      { scheduled: [], batches: [view], next: { scheduled: null, batches: 'MjAyNi0wMS0wMVQwMDoxMDowMC4wMDBa' } },
      NOW,
    ).value;
    expect(page).toContain('Batches (1+)');
    expect(page).toContain('june &lt;payroll&gt;');
    expect(page).toContain('90,071,992,547,409.93');
    expect(page).toContain('4 of 8 settled (50%)');
    expect(page).toContain('aria-valuenow="50"');
    // One segment per status with items, in the state machine's order, each as wide as its share.
    const segments = [...page.matchAll(/data-status="(\w+)"\s+data-count="(\d+)"\s+style="width: ([\d.]+)%/g)].map(
      ([, status, count, width]) => [status, count, width],
    );
    expect(segments).toEqual([
      ['pending', '2', '25.00'],
      ['processing', '2', '25.00'],
      ['succeeded', '3', '37.50'],
      ['failed', '1', '12.50'],
    ]);
    expect(page).toContain('href="/ops?batchesAfter=MjAyNi0wMS0wMVQwMDoxMDowMC4wMDBa#batches"');
  });
});
