import {
  IN_FLIGHT_STATUSES,
  isInFlight,
  isSettled,
  PAYOUT_STATUSES,
  SETTLED_STATUSES,
  TERMINAL_STATUSES,
} from './payout-status';
import { TRANSITIONS } from './payout-transitions';

describe('status sets', () => {
  it('settles succeeded and the terminal statuses, and nothing else', () => {
    expect([...SETTLED_STATUSES].sort()).toEqual(['canceled', 'failed', 'returned', 'succeeded']);
    for (const status of TERMINAL_STATUSES) expect(isSettled(status)).toBe(true);
  });

  it('splits every status into in flight or settled, never both', () => {
    for (const status of PAYOUT_STATUSES) expect(isInFlight(status)).toBe(!isSettled(status));
    expect([...IN_FLIGHT_STATUSES, ...SETTLED_STATUSES].sort()).toEqual([...PAYOUT_STATUSES].sort());
  });

  it('leaves a settled payout only towards another settled status', () => {
    for (const status of SETTLED_STATUSES) for (const to of TRANSITIONS[status]) expect(isSettled(to)).toBe(true);
  });
});
