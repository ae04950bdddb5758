import { opsRow } from '@test/support/ops/ops.test-data';
import { toScheduledView, type OpsPrograms } from '../../application/read-ops-programs';
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
      next: { scheduled: 'MjAyNi0wMS0wMVQwMTowMDowMC4wMDBa' },
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
    const page = programSections({ scheduled: [], next: { scheduled: null } }, NOW).value;
    expect(page).toContain('id="scheduled-table-empty"');
    expect(page).not.toContain('scheduled-next');
  });
});
