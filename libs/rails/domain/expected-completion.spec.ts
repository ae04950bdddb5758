import { BankCalendar } from './bank-calendar';
import { DEFAULT_EFT_WINDOW, parseEftWindow } from './eft-window';
import { EFT_COMPLETION_MS, expectedCompletionAt, FAST_COMPLETION_MS } from './expected-completion';
import { turkishOfficialCalendar } from './official-holidays';

const calendar = new BankCalendar(parseEftWindow(DEFAULT_EFT_WINDOW), turkishOfficialCalendar());
const at = (iso: string) => new Date(iso);
const iso = (value: Date | null) => value?.toISOString() ?? null;

describe('expectedCompletionAt (money-movement.md)', () => {
  it('FAST: one minute after the provider accepted it, any day and hour', () => {
    expect(FAST_COMPLETION_MS).toBe(60_000);
    for (const acceptedAt of ['2026-12-05T21:00:00Z', '2026-10-29T09:00:00Z', '2026-12-07T06:00:00Z']) {
      const expected = expectedCompletionAt({ kind: 'accepted', rail: 'fast', acceptedAt: at(acceptedAt) }, calendar);
      expect(expected?.getTime()).toBe(at(acceptedAt).getTime() + 60_000);
    }
  });

  it('EFT accepted inside the window: one hour after acceptance', () => {
    expect(EFT_COMPLETION_MS).toBe(3_600_000);
    const expected = expectedCompletionAt(
      { kind: 'accepted', rail: 'eft', acceptedAt: at('2026-12-07T06:00:00Z') },
      calendar,
    );
    expect(iso(expected)).toBe('2026-12-07T07:00:00.000Z');
  });

  it('EFT accepted inside the window: the window’s close when that is sooner (16:45, or a half day’s 12:30)', () => {
    const late = expectedCompletionAt(
      { kind: 'accepted', rail: 'eft', acceptedAt: at('2026-12-07T13:15:00Z') },
      calendar,
    );
    expect(iso(late)).toBe('2026-12-07T13:45:00.000Z');
    const eve = expectedCompletionAt(
      { kind: 'accepted', rail: 'eft', acceptedAt: at('2026-10-28T09:00:00Z') },
      calendar,
    );
    expect(iso(eve)).toBe('2026-10-28T09:30:00.000Z');
  });

  it('EFT waiting for a window: one hour after it opens', () => {
    const expected = expectedCompletionAt({ kind: 'waiting_for_eft', opensAt: at('2026-12-07T05:30:00Z') }, calendar);
    expect(iso(expected)).toBe('2026-12-07T06:30:00.000Z');
  });

  it('EFT accepted while the window is closed: one hour after the next opening (the banks move it then)', () => {
    const expected = expectedCompletionAt(
      { kind: 'accepted', rail: 'eft', acceptedAt: at('2026-12-05T12:00:00Z') },
      calendar,
    );
    expect(iso(expected)).toBe('2026-12-07T06:30:00.000Z');
  });

  it('manual review or unknown: null', () => {
    expect(expectedCompletionAt({ kind: 'unknown' }, calendar)).toBeNull();
  });
});

describe('expectedCompletionAt without a calendar', () => {
  it('needs none for FAST or a wait, and refuses an accepted EFT', () => {
    const acceptedAt = at('2026-12-07T06:00:00Z');
    expect(iso(expectedCompletionAt({ kind: 'accepted', rail: 'fast', acceptedAt }))).toBe('2026-12-07T06:01:00.000Z');
    expect(iso(expectedCompletionAt({ kind: 'waiting_for_eft', opensAt: acceptedAt }))).toBe(
      '2026-12-07T07:00:00.000Z',
    );
    expect(() => expectedCompletionAt({ kind: 'accepted', rail: 'eft', acceptedAt })).toThrow('bank calendar');
  });
});
