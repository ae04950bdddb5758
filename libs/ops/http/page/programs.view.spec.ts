import { opsRow } from '@test/support/ops/ops.test-data';
import {
  toApprovalView,
  toBatchProgressView,
  toScheduledView,
  type OpsPrograms,
} from '../../application/read-ops-programs';
import { approvalsSection, programSections, releaseDistance, type ProgramsViewer } from './programs.view';

const NOW = new Date('2026-01-01T00:10:00.000Z');
const NONE: OpsPrograms = {
  approvals: [],
  approvalBatches: [],
  scheduled: [],
  batches: [],
  next: { approvals: null, approvalBatches: null, scheduled: null, batches: null },
};

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
      ...NONE,
      scheduled: [
        scheduled('0193a1b2-3c4d-7e5f-8a9b-000000000001', '2026-01-01T00:08:00.000Z'),
        scheduled('0193a1b2-3c4d-7e5f-8a9b-000000000002', '2026-01-01T01:10:00.000Z'),
      ],
      next: { ...NONE.next, scheduled: 'MjAyNi0wMS0wMVQwMTowMDowMC4wMDBa' },
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
    const page = programSections(NONE, NOW).value;
    expect(page).toContain('id="scheduled-table-empty"');
    expect(page).toContain('id="batches-table-empty"');
    expect(page).not.toContain('scheduled-next');
    expect(page).not.toContain('batches-next');
  });

  it('shows a batch with its total, its items by status as a bar, and how many are settled', () => {
    const view = toBatchProgressView({
      id: '0193a1b2-3c4d-7e5f-8a9b-00000000000b',
      clientId: 'c2',
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
      { ...NONE, batches: [view], next: { ...NONE.next, batches: 'MjAyNi0wMS0wMVQwMDoxMDowMC4wMDBa' } },
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

  describe('the approvals queue', () => {
    const waiting = (id: string, clientId: string, votes: string[] = []) =>
      toApprovalView(
        {
          payout: opsRow({
            id,
            clientId,
            status: 'awaiting_approval',
            provider: null,
            reference: 'big one',
            approval: {
              policyVersion: 3,
              required: 2,
              expiresAt: '2026-01-04T00:00:00.000Z',
              approvals: votes.map((voter) => ({
                clientId: voter,
                clientName: `approver ${voter}`,
                at: '2026-01-01T00:05:00.000Z',
                reason: null,
              })),
            },
          }).payout,
          clientName: clientId === 'c1' ? 'treasury' : 'payroll',
        },
        NOW,
      );
    const queue: OpsPrograms = {
      ...NONE,
      approvals: [
        waiting('0193a1b2-3c4d-7e5f-8a9b-0000000000a1', 'c2'),
        waiting('0193a1b2-3c4d-7e5f-8a9b-0000000000a2', 'c1'),
        waiting('0193a1b2-3c4d-7e5f-8a9b-0000000000a3', 'c2', ['c1']),
      ],
    };
    const approver: ProgramsViewer = { clientId: 'c1', canApprove: true, decidesBatches: false };
    const rowOf = (page: string, id: string) => page.slice(page.indexOf(`data-payout-id="${id}"`)).split('</tr>')[0];

    it('gives an approver approve and reject on other clients’ payouts, the reason required but for approving', () => {
      const page = approvalsSection(queue, approver).value;
      expect(page).toContain('Awaiting approval (3)');
      const other = rowOf(page, '0193a1b2-3c4d-7e5f-8a9b-0000000000a1');
      expect(other).toContain('action="/ops/payouts/0193a1b2-3c4d-7e5f-8a9b-0000000000a1/reject"');
      expect(other).toMatch(/<input[^>]*name="reason"[^>]*required/);
      expect(other).toMatch(
        /formaction="\/ops\/payouts\/0193a1b2-3c4d-7e5f-8a9b-0000000000a1\/approve"\s+formnovalidate/,
      );
      expect(other).toContain('2,500.13');
      // Its own client's payout: no buttons, another approver decides.
      const own = rowOf(page, '0193a1b2-3c4d-7e5f-8a9b-0000000000a2');
      expect(own).not.toContain('<form');
      expect(own).toContain('another approver decides');
      // Approved by this client already (a policy of two): no buttons, the vote shown, the deadline from the record.
      const voted = rowOf(page, '0193a1b2-3c4d-7e5f-8a9b-0000000000a3');
      expect(voted).not.toContain('<form');
      expect(voted).toContain('you approved it');
      expect(voted).toMatch(/1 of\s+2<br \/><span class="muted" title="2026-01-01T00:05:00.000Z">approver c1</);
      expect(voted).toContain('2026-01-04T00:00:00.000Z');
      expect(other).toMatch(/0 of\s+2/);
    });

    it('shows the queue read only to a client without payouts:approve', () => {
      const page = approvalsSection(queue, { ...approver, canApprove: false }).value;
      expect(page).toContain('id="approvals-read-only"');
      expect(page).not.toContain('<form');
    });

    it('says so when nothing awaits approval', () => {
      const page = approvalsSection(NONE, approver).value;
      expect(page).toContain('Awaiting approval (0)');
      expect(page).toContain('id="approvals-table-empty"');
    });
  });
});
