import { IN_FLIGHT_STATUSES } from '../domain';
import { sqlStatusList } from './payout.rows';

describe('sqlStatusList', () => {
  it('writes the statuses as SQL literals in their order', () => {
    expect(sqlStatusList(IN_FLIGHT_STATUSES)).toBe(
      "'awaiting_approval', 'scheduled', 'pending', 'submitting', 'processing', 'manual_review'",
    );
  });
});
