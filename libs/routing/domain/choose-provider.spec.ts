import { chooseProvider } from './choose-provider';
import { providerState, routingRequest, routingRule } from '@test/support/routing/routing.test-data';

const providers = [providerState('alpha'), providerState('beta'), providerState('gamma')];

const split = routingRule({
  id: 'rule-split',
  version: 4,
  name: 'TRY split',
  priority: 10,
  match: { currency: 'TRY' },
  targets: [
    { provider: 'alpha', weight: 70 },
    { provider: 'beta', weight: 30 },
  ],
  fallback: ['gamma'],
});

describe('chooseProvider with rules', () => {
  it('takes the first matching rule by priority and records its id and version', () => {
    const later = routingRule({ id: 'rule-later', priority: 20, targets: [{ provider: 'gamma', weight: 1 }] });
    const decision = chooseProvider({ request: routingRequest(), rules: [later, split], providers });
    expect(decision).toMatchObject({ ruleId: 'rule-split', ruleVersion: 4 });
    expect(['alpha', 'beta']).toContain(decision.provider);
    expect(decision.reason).toMatch(/rule "TRY split" v4 matched; (alpha|beta) by weight/);
  });

  it('skips rules that do not match', () => {
    const eur = routingRule({ id: 'rule-eur', priority: 1, match: { currency: 'EUR' } });
    const decision = chooseProvider({ request: routingRequest(), rules: [eur, split], providers });
    expect(decision.ruleId).toBe('rule-split');
  });

  it('routes the same payout to the same provider every time', () => {
    const request = routingRequest({ payoutId: 'payout-determinism' });
    const first = chooseProvider({ request, rules: [split], providers });
    for (let i = 0; i < 10; i++) expect(chooseProvider({ request, rules: [split], providers })).toEqual(first);
  });

  it('splits 70/30 within 5 points over 2,000 payouts', () => {
    const chosen = { alpha: 0, beta: 0 } as Record<string, number>;
    for (let i = 0; i < 2_000; i++) {
      const request = routingRequest({ payoutId: `0193a1b2-${i}` });
      chosen[chooseProvider({ request, rules: [split], providers }).provider ?? 'none'] += 1;
    }
    expect(chosen.alpha / 2_000).toBeGreaterThanOrEqual(0.65);
    expect(chosen.alpha / 2_000).toBeLessThanOrEqual(0.75);
    expect(chosen.alpha + chosen.beta).toBe(2_000);
  });

  it('sends everything to the remaining target when the other is not eligible', () => {
    const betaDraining = [providerState('alpha'), providerState('beta', { draining: true }), providerState('gamma')];
    for (let i = 0; i < 50; i++) {
      const request = routingRequest({ payoutId: `p-${i}` });
      expect(chooseProvider({ request, rules: [split], providers: betaDraining }).provider).toBe('alpha');
    }
  });

  it('falls back in order when no target is eligible', () => {
    const rule = routingRule({ ...split, fallback: ['gamma', 'delta'] });
    const states = [
      providerState('alpha', { enabled: false }),
      providerState('beta', { isCircuitOpen: true }),
      providerState('gamma', { maxAmount: 1n }),
      providerState('delta'),
    ];
    const decision = chooseProvider({ request: routingRequest(), rules: [rule], providers: states });
    expect(decision).toMatchObject({ provider: 'delta', ruleId: 'rule-split' });
    expect(decision.reason).toMatch(/no target eligible, fallback delta/);
  });

  it('chooses nothing, keeping the rule, when targets and fallback are all ineligible', () => {
    const states = providers.map((state) => ({ ...state, enabled: false }));
    const decision = chooseProvider({ request: routingRequest(), rules: [split], providers: states });
    expect(decision).toMatchObject({ provider: null, ruleId: 'rule-split', ruleVersion: 4 });
    expect(decision.reason).toMatch(/no target or fallback provider is eligible/);
  });

  it('ignores a fallback provider that is not known', () => {
    const rule = routingRule({ targets: [{ provider: 'ghost', weight: 1 }], fallback: ['phantom', 'beta'] });
    expect(chooseProvider({ request: routingRequest(), rules: [rule], providers }).provider).toBe('beta');
  });
});

describe('chooseProvider on failover (excluding)', () => {
  it('picks the other target, then the fallback, then nothing', () => {
    const request = routingRequest();
    const first = chooseProvider({ request, rules: [split], providers }).provider!;
    const other = first === 'alpha' ? 'beta' : 'alpha';
    expect(chooseProvider({ request, rules: [split], providers, excluding: [first] }).provider).toBe(other);
    expect(chooseProvider({ request, rules: [split], providers, excluding: [first, other] }).provider).toBe('gamma');
    const none = chooseProvider({ request, rules: [split], providers, excluding: ['alpha', 'beta', 'gamma'] });
    expect(none.provider).toBeNull();
    expect(none.providers.every((p) => p.reason === 'already tried for this payout')).toBe(true);
  });

  it('excludes a provider from the default order too', () => {
    const decision = chooseProvider({ request: routingRequest(), rules: [], providers, excluding: ['alpha'] });
    expect(decision.provider).toBe('beta');
  });
});

describe('chooseProvider without a matching rule', () => {
  it('takes the first eligible provider in the default order (the order of providers)', () => {
    const states = [providerState('gamma', { draining: true }), providerState('beta'), providerState('alpha')];
    const decision = chooseProvider({ request: routingRequest(), rules: [], providers: states });
    expect(decision).toMatchObject({ provider: 'beta', ruleId: null, ruleVersion: null });
    expect(decision.reason).toMatch(/no rule matched; beta is first eligible in the default order/);
  });

  it('chooses nothing when no provider is eligible', () => {
    const disabledRule = routingRule({ enabled: false });
    const states = [providerState('alpha', { enabled: false })];
    const decision = chooseProvider({ request: routingRequest(), rules: [disabledRule], providers: states });
    expect(decision).toMatchObject({
      provider: null,
      ruleId: null,
      reason: 'no rule matched and no provider is eligible',
    });
  });
});

describe('chooseProvider with a pinned provider', () => {
  it('takes only the pinned provider, ignoring rules', () => {
    const decision = chooseProvider({ request: routingRequest({ provider: 'gamma' }), rules: [split], providers });
    expect(decision).toMatchObject({ provider: 'gamma', ruleId: null, reason: 'provider gamma pinned on the request' });
  });

  it('refuses with the reason when the pinned provider is not eligible, without falling back', () => {
    const states = [providerState('alpha'), providerState('gamma', { dailyLimit: 100n })];
    const decision = chooseProvider({
      request: routingRequest({ provider: 'gamma' }),
      rules: [split],
      providers: states,
    });
    expect(decision.provider).toBeNull();
    expect(decision.reason).toMatch(/pinned provider gamma is not eligible: daily limit 100 would be exceeded/);
  });

  it('refuses an unknown pinned provider', () => {
    const decision = chooseProvider({ request: routingRequest({ provider: 'nobody' }), rules: [split], providers });
    expect(decision).toMatchObject({ provider: null, reason: 'pinned provider nobody is not known' });
  });

  it('refuses a pinned provider already tried', () => {
    const request = routingRequest({ provider: 'alpha' });
    const decision = chooseProvider({ request, rules: [], providers, excluding: ['alpha'] });
    expect(decision.provider).toBeNull();
    expect(decision.reason).toMatch(/already tried/);
  });
});

describe('chooseProvider explains every provider', () => {
  it('lists every known provider with its verdict, whichever path decided', () => {
    const states = [
      providerState('alpha'),
      providerState('beta', { capabilities: { currencies: ['TRY'], ibanCountries: ['TR'], requiresNationalId: true } }),
      providerState('gamma', { enabled: false }),
    ];
    const request = routingRequest({ beneficiary: { bankCode: '00100', country: 'TR' } });
    const decision = chooseProvider({ request, rules: [split], providers: states });
    expect(decision.provider).toBe('alpha');
    expect(decision.providers).toEqual([
      { provider: 'alpha', eligible: true, reason: 'eligible' },
      { provider: 'beta', eligible: false, reason: 'requires beneficiary.nationalId' },
      { provider: 'gamma', eligible: false, reason: 'disabled' },
    ]);
  });
});
