import type { PayoutProvider } from './contract/payout-provider';
import type { ProviderEntry } from './contract/provider-registration';
import { ProviderRegistry, UnknownProviderError } from './provider-registry';

const entry = (name: string, enabled: boolean, extra: Partial<ProviderEntry['status']> = {}): ProviderEntry => ({
  name,
  status: { enabled, usesSandbox: false, ...extra },
  provider: { name } as PayoutProvider,
});

describe('ProviderRegistry', () => {
  const registry = new ProviderRegistry([
    entry('alpha', true, { usesSandbox: true }),
    entry('beta', false, { disabledReason: 'BETA_SECRET not set' }),
    entry('gamma', true),
  ]);

  it('finds adapters by name, enabled or not, and refuses unknown names', () => {
    expect(registry.get('beta').name).toBe('beta');
    expect(() => registry.get('delta')).toThrow(UnknownProviderError);
    expect(registry.find('delta')).toBeUndefined();
    expect(registry.has('alpha')).toBe(true);
  });

  it('lists all and enabled providers in registration order', () => {
    expect(registry.names()).toEqual(['alpha', 'beta', 'gamma']);
    expect(registry.enabled().map((e) => e.name)).toEqual(['alpha', 'gamma']);
    expect(registry.isEnabled('beta')).toBe(false);
    expect(registry.isEnabled('delta')).toBe(false);
    expect(registry.status('beta')).toEqual({
      enabled: false,
      usesSandbox: false,
      disabledReason: 'BETA_SECRET not set',
    });
  });

  it('says one line per provider for the start-up log', () => {
    expect(registry.startupLines()).toEqual([
      'alpha: enabled (sandbox)',
      'beta: disabled: BETA_SECRET not set',
      'gamma: enabled',
    ]);
  });

  it('refuses two registrations under one name', () => {
    expect(() => new ProviderRegistry([entry('alpha', true), entry('alpha', false)])).toThrow(/twice/);
  });
});
