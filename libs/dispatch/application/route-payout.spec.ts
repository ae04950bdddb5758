import type { LoadRoutingSnapshot, ProviderState, RoutingSnapshot, StoredRoutingRule } from '@libs/routing';
import { attemptRecord, NOW, payoutRecord } from '@test/support/dispatch/dispatch.test-fakes';
import { providersTried, RoutePayout } from './route-payout';
import { CIRCUIT_OPEN_ANSWER } from './submit-outcome';

const providerState = (provider: string, overrides: Partial<ProviderState> = {}): ProviderState => ({
  provider,
  enabled: true,
  draining: false,
  isCircuitOpen: false,
  dailyUsed: 0n,
  capabilities: { currencies: ['TRY'], ibanCountries: ['TR'], requiresNationalId: false },
  ...overrides,
});

const rule = (overrides: Partial<StoredRoutingRule> = {}): StoredRoutingRule => ({
  id: 'rule-1',
  version: 1,
  name: 'default',
  priority: 10,
  enabled: true,
  match: {},
  targets: [{ provider: 'alpha', weight: 1 }],
  fallback: [],
  createdAt: NOW,
  updatedAt: NOW,
  deletedAt: null,
  ...overrides,
});

function routeWith(snapshot: Partial<RoutingSnapshot>, hasNationalId = true) {
  const full: RoutingSnapshot = {
    rules: [],
    current: [providerState('alpha'), providerState('beta')],
    lasting: [providerState('alpha'), providerState('beta')],
    circuitsKnown: true,
    ...snapshot,
  };
  const loader = { execute: async () => full } as unknown as LoadRoutingSnapshot;
  return new RoutePayout(loader, { hasNationalId: async () => hasNationalId });
}

const pending = payoutRecord({ status: 'pending', provider: null });

describe('RoutePayout', () => {
  it('routes by the first matching rule and keeps its id and version', async () => {
    const route = routeWith({ rules: [rule({ id: 'r-9', version: 4, targets: [{ provider: 'beta', weight: 1 }] })] });
    const result = await route.execute(pending, [], NOW);
    expect(result).toMatchObject({ kind: 'routed', provider: 'beta', decision: { ruleId: 'r-9', ruleVersion: 4 } });
  });

  it('waits when only temporary conditions stand in the way (draining, circuit open, daily limit)', async () => {
    const route = routeWith({
      current: [providerState('alpha', { draining: true }), providerState('beta', { isCircuitOpen: true })],
    });
    const result = await route.execute(pending, [], NOW);
    expect(result.kind).toBe('wait');
    expect(result.decision.providers.map((p) => p.reason)).toEqual([
      'draining: takes no new payouts',
      'circuit open after recent failures',
    ]);
  });

  it('holds a payout that only a known balance keeps from a provider, pinned or not', async () => {
    const poor = { amount: 100n, currency: 'TRY' };
    const route = routeWith({
      current: [providerState('alpha', { balance: poor }), providerState('beta', { isCircuitOpen: true })],
    });
    const result = await route.execute(payoutRecord({ status: 'pending', provider: null }), [], NOW);
    expect(result).toMatchObject({ kind: 'wait', hold: 'insufficient_provider_balance' });
    expect(result.decision.providers[0].reason).toMatch(/^insufficient_balance:/);

    const pinned = payoutRecord({ status: 'pending', provider: null, requestedProvider: 'alpha' });
    const alone = routeWith({ current: [providerState('alpha', { balance: poor }), providerState('beta')] });
    expect(await alone.execute(pinned, [], NOW)).toMatchObject({ kind: 'wait', hold: 'insufficient_provider_balance' });
  });

  it('does not hold for a balance what waits for something else (a circuit) or what a covered provider takes', async () => {
    const covered = { amount: 250_000n, currency: 'TRY' };
    const circuit = routeWith({
      current: [providerState('alpha', { isCircuitOpen: true }), providerState('beta', { draining: true })],
    });
    const waiting = await circuit.execute(pending, [], NOW);
    expect(waiting.kind).toBe('wait');
    expect('hold' in waiting && waiting.hold).toBeFalsy();
    const enough = routeWith({ current: [providerState('alpha', { balance: covered }), providerState('beta')] });
    expect(await enough.execute(payoutRecord({ status: 'pending', provider: null }), [], NOW)).toMatchObject({
      kind: 'routed',
      provider: 'alpha',
    });
  });

  it('routes a payout held for a balance again to a provider that refused it for its balance, and no other', async () => {
    const refusedForBalance = attemptRecord({
      provider: 'alpha',
      status: 'rejected',
      failure: { code: 'insufficient_provider_balance', message: 'no balance' },
      lastRawAnswer: { httpStatus: 200, requestCount: 1 },
    });
    // A failover never bounces straight back to it; a held payout (a top-up ends the refusal) may go there again.
    expect(providersTried([refusedForBalance])).toEqual(['alpha']);
    expect(providersTried([refusedForBalance], true)).toEqual([]);
    const route = routeWith({ rules: [rule()] });
    const held = payoutRecord({ status: 'pending', provider: null, holdReason: 'insufficient_provider_balance' });
    expect(await route.execute(held, [refusedForBalance], NOW)).toMatchObject({ kind: 'routed', provider: 'alpha' });
    const failedOver = payoutRecord({ status: 'pending', provider: null });
    expect((await route.execute(failedOver, [refusedForBalance], NOW)).kind).not.toBe('routed');
  });

  it('finds no route when nothing could ever take the payout (a national id nobody can do without)', async () => {
    const needsId = { currencies: ['TRY'], ibanCountries: ['TR'], requiresNationalId: true };
    const states = [
      providerState('alpha', { capabilities: needsId }),
      providerState('beta', { capabilities: needsId }),
    ];
    const route = routeWith({ current: states, lasting: states }, false);
    expect((await route.execute(pending, [], NOW)).kind).toBe('no_route');
  });

  it('never routes again to a provider that refused the payout, but does to one our circuit stopped', async () => {
    const refused = attemptRecord({
      provider: 'alpha',
      status: 'rejected',
      lastRawAnswer: { httpStatus: 422, requestCount: 1 },
    });
    const unsent = attemptRecord({
      id: 'a-2',
      provider: 'beta',
      status: 'rejected',
      lastRawAnswer: CIRCUIT_OPEN_ANSWER,
    });
    expect(providersTried([refused, unsent])).toEqual(['alpha']);
    const result = await routeWith({}).execute(pending, [refused, unsent], NOW);
    expect(result).toMatchObject({ kind: 'routed', provider: 'beta' });
    expect(result.decision.providers[0]).toEqual({
      provider: 'alpha',
      eligible: false,
      reason: 'already tried for this payout',
    });
  });

  it('sends a pinned payout only to its provider', async () => {
    const route = routeWith({ current: [providerState('alpha'), providerState('beta', { enabled: false })] });
    const pinned = payoutRecord({ status: 'pending', requestedProvider: 'beta' });
    expect((await route.execute(pinned, [], NOW)).kind).toBe('wait');
  });
});
