import { BankCalendar, DEFAULT_EFT_WINDOW, parseEftWindow, turkishOfficialCalendar } from '@libs/rails/domain';
import { decideRail, railHold, type BankCalendarSource } from './rail-decision';

const RAILS = { fast: { maxAmount: 10_000_000n }, eft: true };
const SATURDAY = new Date('2026-12-05T09:00:00Z');
const MONDAY_OPEN = new Date('2026-12-07T06:00:00Z');

function calendars(): BankCalendarSource & { reads: number } {
  const source = {
    reads: 0,
    at: async () => {
      source.reads += 1;
      return new BankCalendar(parseEftWindow(DEFAULT_EFT_WINDOW), turkishOfficialCalendar());
    },
  };
  return source;
}

describe('decideRail', () => {
  it('sends up to the FAST cap on FAST, any day, without reading the calendar', async () => {
    const source = calendars();
    expect(await decideRail(10_000_000n, RAILS, SATURDAY, source)).toEqual({ kind: 'send', rail: 'fast' });
    expect(source.reads).toBe(0);
  });

  it('sends above the cap on EFT while the window is open', async () => {
    expect(await decideRail(10_000_001n, RAILS, MONDAY_OPEN, calendars())).toEqual({ kind: 'send', rail: 'eft' });
  });

  it('holds above the cap while EFT is closed: for the next opening, expected one hour after it', async () => {
    expect(await decideRail(10_000_001n, RAILS, SATURDAY, calendars())).toEqual({
      kind: 'hold',
      rail: 'eft',
      opensAt: new Date('2026-12-07T05:30:00Z'),
      expectedCompletionAt: new Date('2026-12-07T06:30:00Z'),
    });
  });

  it('finds no rail above the cap of a provider without EFT', async () => {
    const fastOnly = { fast: { maxAmount: 10_000_000n }, eft: false };
    expect(await decideRail(10_000_001n, fastOnly, MONDAY_OPEN, calendars())).toEqual({ kind: 'no_rail' });
  });
});

describe('railHold', () => {
  it('moves pending -> scheduled by dispatch, due at the opening, held for the closed rail', () => {
    const opensAt = new Date('2026-12-07T05:30:00Z');
    const expectedCompletionAt = new Date('2026-12-07T06:30:00Z');
    const routing = { ruleId: null, ruleVersion: null, reason: 'default', providers: [] };
    const { signal, options } = railHold({ kind: 'hold', rail: 'eft', opensAt, expectedCompletionAt }, routing);
    expect(signal).toMatchObject({ to: 'scheduled', source: 'dispatch' });
    expect(options).toEqual({
      nextCheckAt: opensAt,
      moneyMovement: { rail: 'eft', holdReason: 'rail_closed', scheduledFor: opensAt, expectedCompletionAt },
    });
  });
});
