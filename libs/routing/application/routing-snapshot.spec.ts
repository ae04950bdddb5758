import type { ProviderDescription } from './provider-catalog.port';
import { LoadRoutingSnapshot } from './routing-snapshot';
import type { ProviderSettings } from './routing-store.port';

const NOW = new Date('2026-11-23T15:30:00Z');

const description = (name: string): ProviderDescription => ({
  name,
  isConfigured: true,
  usesSandbox: true,
  currencies: ['TRY'],
  ibanCountries: ['TR'],
  requiresNationalId: false,
  minAmount: 1n,
  maxAmount: 1_000_000_000n,
});
const settings = (provider: string, dailyLimit: bigint | null): ProviderSettings => ({
  provider,
  enabled: true,
  drain: false,
  minAmount: null,
  maxAmount: null,
  dailyLimit,
  lowBalanceThreshold: null,
  version: 1,
  updatedAt: NOW,
});

function snapshotWith(rows: ProviderSettings[]) {
  const usageReads: (readonly string[] | undefined)[] = [];
  const load = new LoadRoutingSnapshot(
    {
      tables: { read: async () => ({ rules: [], settings: rows, balances: [] }) },
      usage: {
        usedOn: async (now, providers) => {
          expect(now).toEqual(NOW);
          usageReads.push(providers);
          return new Map((providers ?? []).map((provider) => [provider, 700n]));
        },
      },
    },
    { list: () => [description('alpha'), description('beta')] },
    { openCircuits: async () => new Set() },
  );
  return { load, usageReads };
}

describe('LoadRoutingSnapshot', () => {
  it('reads no usage at all when no provider has a daily limit', async () => {
    const { load, usageReads } = snapshotWith([settings('alpha', null)]);
    const snapshot = await load.execute(NOW);
    expect(usageReads).toEqual([[]]);
    expect(snapshot.current.map((state) => [state.provider, state.dailyUsed])).toEqual([
      ['alpha', 0n],
      ['beta', 0n],
    ]);
  });

  it('reads today’s usage of the providers with a daily limit only, and counts it against their limit', async () => {
    const { load, usageReads } = snapshotWith([settings('alpha', null), settings('beta', 5_000n)]);
    const snapshot = await load.execute(NOW);
    expect(usageReads).toEqual([['beta']]);
    expect(snapshot.current.find((state) => state.provider === 'beta')).toMatchObject({
      dailyLimit: 5_000n,
      dailyUsed: 700n,
    });
  });

  describe('when the circuit view cannot be read (Redis unreachable)', () => {
    const loadWith = (options?: { circuitsMayBeUnknown?: boolean }) =>
      new LoadRoutingSnapshot(
        {
          tables: { read: async () => ({ rules: [], settings: [], balances: [] }) },
          usage: { usedOn: async () => new Map() },
        },
        { list: () => [description('alpha'), description('beta')] },
        { openCircuits: async () => Promise.reject(new Error('Connection is closed.')) },
        options,
      );

    it('fails a dispatch’s snapshot: it never decides as if no circuit were open', async () => {
      await expect(loadWith().execute(NOW)).rejects.toThrow('Connection is closed.');
    });

    it('lets an explanation count no circuit open and say the circuits are unknown', async () => {
      const snapshot = await loadWith({ circuitsMayBeUnknown: true }).execute(NOW);
      expect(snapshot.circuitsKnown).toBe(false);
      expect(snapshot.current.map((state) => state.provider)).toEqual(['alpha', 'beta']);
    });

    it('says the circuits are known when they could be read', async () => {
      const { load } = snapshotWith([]);
      expect((await load.execute(NOW)).circuitsKnown).toBe(true);
    });
  });
});
