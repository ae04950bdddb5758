import { IN_FLIGHT_STATUSES } from '@libs/payouts/domain';
import { NON_TERMINAL_STATUSES_FOR_STUCK } from '@libs/platform/config';

describe('STUCK_AFTER', () => {
  // platform/config sits below payouts and cannot import its statuses, so it keeps a list of its own: this keeps it true.
  it('takes a threshold for exactly the in-flight statuses', () => {
    expect([...NON_TERMINAL_STATUSES_FOR_STUCK]).toEqual([...IN_FLIGHT_STATUSES]);
  });
});
