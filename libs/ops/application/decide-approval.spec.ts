import { DecideApproval, type ApprovalDecisions } from './decide-approval';

const approver = { id: 'c-approver', name: 'checker' };

function decisions(decidesBatches = true) {
  const calls: unknown[][] = [];
  const port: ApprovalDecisions = {
    decidesBatches,
    decide: async (...args) => {
      calls.push(args);
    },
  };
  return { calls, decide: new DecideApproval(port) };
}

describe('DecideApproval', () => {
  it('refuses a reject without a reason before calling the approvals', async () => {
    const { calls, decide } = decisions();
    await expect(decide.execute('payout', 'p1', 'reject', approver, '   ')).rejects.toMatchObject({
      code: 'validation_failed',
    });
    expect(calls).toEqual([]);
  });

  it('passes a reject with its reason trimmed, and an approval with or without one', async () => {
    const { calls, decide } = decisions();
    await decide.execute('payout', 'p1', 'reject', approver, '  over the limit  ');
    await decide.execute('payout', 'p2', 'approve', approver, '');
    await decide.execute('batch', 'b1', 'approve', approver, 'checked the file');
    expect(calls).toEqual([
      ['payout', 'p1', 'reject', approver, 'over the limit'],
      ['payout', 'p2', 'approve', approver, undefined],
      ['batch', 'b1', 'approve', approver, 'checked the file'],
    ]);
  });

  it('refuses a batch decision while the approvals cannot decide batches', async () => {
    const { calls, decide } = decisions(false);
    await expect(decide.execute('batch', 'b1', 'approve', approver, '')).rejects.toMatchObject({
      code: 'invalid_state',
    });
    expect(calls).toEqual([]);
    expect(decide.decidesBatches).toBe(false);
  });
});
