import { BankCalendar, DEFAULT_EFT_WINDOW, parseEftWindow, turkishOfficialCalendar } from '../domain';
import { RailCompletion } from './rail-completion';

const SATURDAY = new Date('2026-12-05T09:00:00Z');
const MONDAY_OPEN = new Date('2026-12-07T06:00:00Z');

describe('RailCompletion', () => {
  let reads = 0;
  const completion = new RailCompletion({
    at: async () => {
      reads += 1;
      return new BankCalendar(parseEftWindow(DEFAULT_EFT_WINDOW), turkishOfficialCalendar());
    },
  });

  it('FAST: a minute after acceptance, reading no calendar', async () => {
    reads = 0;
    expect(await completion.onAcceptance('fast', 'processing', SATURDAY)).toEqual(new Date('2026-12-05T09:01:00Z'));
    expect(await completion.onAcceptance('fast', 'succeeded', SATURDAY)).toEqual(new Date('2026-12-05T09:01:00Z'));
    expect(reads).toBe(0);
  });

  it('EFT: an hour after acceptance inside the window, an hour after the next opening outside it', async () => {
    expect(await completion.onAcceptance('eft', 'processing', MONDAY_OPEN)).toEqual(new Date('2026-12-07T07:00:00Z'));
    expect(await completion.onAcceptance('eft', 'processing', SATURDAY)).toEqual(new Date('2026-12-07T06:30:00Z'));
  });

  it('none in manual review, or without a rail', async () => {
    expect(await completion.onAcceptance('eft', 'manual_review', MONDAY_OPEN)).toBeNull();
    expect(await completion.onAcceptance(null, 'processing', MONDAY_OPEN)).toBeNull();
  });
});
