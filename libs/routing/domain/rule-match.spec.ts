import { orderRules, ruleMismatch } from './rule-match';
import { routingRequest, routingRule } from '@test/support/routing/routing.test-data';

describe('ruleMismatch', () => {
  const request = routingRequest();

  it('matches anything with an empty match', () => {
    expect(ruleMismatch(routingRule(), request)).toBeUndefined();
  });

  it('never matches a disabled rule', () => {
    expect(ruleMismatch(routingRule({ enabled: false }), request)).toBe('rule disabled');
  });

  it('matches on currency', () => {
    expect(ruleMismatch(routingRule({ match: { currency: 'TRY' } }), request)).toBeUndefined();
    expect(ruleMismatch(routingRule({ match: { currency: 'EUR' } }), request)).toMatch(/currency TRY is not EUR/);
  });

  it('matches an amount range with inclusive bounds', () => {
    const rule = routingRule({ match: { minAmount: 1_000n, maxAmount: 250_000n } });
    expect(ruleMismatch(rule, routingRequest({ amount: 1_000n }))).toBeUndefined();
    expect(ruleMismatch(rule, routingRequest({ amount: 250_000n }))).toBeUndefined();
    expect(ruleMismatch(rule, routingRequest({ amount: 999n }))).toMatch(/below 1000/);
    expect(ruleMismatch(rule, routingRequest({ amount: 250_001n }))).toMatch(/above 250000/);
  });

  it('compares amounts as bigint beyond 2^53', () => {
    const rule = routingRule({ match: { maxAmount: 9_007_199_254_740_993n } });
    expect(ruleMismatch(rule, routingRequest({ amount: 9_007_199_254_740_993n }))).toBeUndefined();
    expect(ruleMismatch(rule, routingRequest({ amount: 9_007_199_254_740_994n }))).toMatch(/above/);
  });

  it('matches on the bank code of the IBAN', () => {
    expect(ruleMismatch(routingRule({ match: { bankCodes: ['00062', '00100'] } }), request)).toBeUndefined();
    expect(ruleMismatch(routingRule({ match: { bankCodes: ['00062'] } }), request)).toMatch(/bank code 00100/);
    const foreign = routingRequest({ beneficiary: { country: 'DE' } });
    expect(ruleMismatch(routingRule({ match: { bankCodes: ['00062'] } }), foreign)).toMatch(/no Turkish bank code/);
  });

  it('matches on the calling client', () => {
    expect(ruleMismatch(routingRule({ match: { clientIds: ['client-games'] } }), request)).toBeUndefined();
    expect(ruleMismatch(routingRule({ match: { clientIds: ['client-shop'] } }), request)).toMatch(/client-games/);
  });

  it('matches metadata only when every given key has the same value', () => {
    expect(ruleMismatch(routingRule({ match: { metadata: { segment: 'vip' } } }), request)).toBeUndefined();
    expect(
      ruleMismatch(routingRule({ match: { metadata: { segment: 'vip', orderId: '991' } } }), request),
    ).toBeUndefined();
    expect(ruleMismatch(routingRule({ match: { metadata: { segment: 'new' } } }), request)).toMatch(/segment/);
    expect(ruleMismatch(routingRule({ match: { metadata: { region: 'eu' } } }), request)).toMatch(/region/);
    const bare = routingRequest({ metadata: undefined });
    expect(ruleMismatch(routingRule({ match: { metadata: { segment: 'vip' } } }), bare)).toMatch(/segment/);
  });

  it('needs every criterion to hold', () => {
    const rule = routingRule({ match: { currency: 'TRY', bankCodes: ['00100'], clientIds: ['client-shop'] } });
    expect(ruleMismatch(rule, request)).toMatch(/client/);
  });
});

describe('orderRules', () => {
  it('puts lower priority first and breaks ties by id', () => {
    const rules = [
      routingRule({ id: 'c', priority: 20 }),
      routingRule({ id: 'b', priority: 10 }),
      routingRule({ id: 'a', priority: 10 }),
    ];
    expect(orderRules(rules).map((rule) => rule.id)).toEqual(['a', 'b', 'c']);
    expect(rules.map((rule) => rule.id)).toEqual(['c', 'b', 'a']);
  });
});
