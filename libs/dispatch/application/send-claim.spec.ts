import { claimedSend } from './send-claim';

describe('claimedSend', () => {
  it('claims right before the first byte, and remembers the call number', async () => {
    const claims: string[] = [];
    const call = claimedSend(async () => (claims.push('claim'), { kind: 'claimed', sendNumber: 2 }));
    expect(call.sendNumber()).toBe(0);
    expect(await call.beforeFirstSend()).toBe('go');
    expect([claims, call.sendNumber()]).toEqual([['claim'], 2]);
  });

  it('asks nothing for call 1 claimed with the attempt, and says 0 while it has not been used', async () => {
    const claims: string[] = [];
    const call = claimedSend(async () => (claims.push('claim'), { kind: 'claimed', sendNumber: 2 }), 1);
    expect(call.sendNumber()).toBe(0);
    expect(await call.beforeFirstSend()).toBe('go');
    expect([claims, call.sendNumber()]).toEqual([[], 1]);
  });
});
