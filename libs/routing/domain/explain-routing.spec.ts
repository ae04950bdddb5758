import { explainRouting } from './explain-routing';
import { providerState, routingRequest, routingRule } from '@test/support/routing/routing.test-data';

const providers = [providerState('alpha'), providerState('beta')];
const rules = [
  routingRule({ id: 'r-eur', name: 'EUR', priority: 1, match: { currency: 'EUR' } }),
  routingRule({ id: 'r-all', name: 'all', priority: 5, targets: [{ provider: 'beta', weight: 1 }] }),
  routingRule({ id: 'r-also', name: 'also', priority: 9 }),
];

describe('explainRouting', () => {
  it('returns the decision chooseProvider takes plus every rule in evaluation order', () => {
    const explanation = explainRouting({ request: routingRequest(), rules, providers });
    expect(explanation).toMatchObject({ provider: 'beta', ruleId: 'r-all' });
    expect(explanation.rules).toEqual([
      { ruleId: 'r-eur', ruleVersion: 1, name: 'EUR', matched: false, reason: 'currency TRY is not EUR' },
      { ruleId: 'r-all', ruleVersion: 1, name: 'all', matched: true, reason: 'matched: decides' },
      { ruleId: 'r-also', ruleVersion: 1, name: 'also', matched: true, reason: expect.stringMatching(/before it/) },
    ]);
  });

  it('says rules were not evaluated when a provider is pinned', () => {
    const explanation = explainRouting({ request: routingRequest({ provider: 'alpha' }), rules, providers });
    expect(explanation.provider).toBe('alpha');
    expect(explanation.rules.every((rule) => !rule.matched && /pinned/.test(rule.reason))).toBe(true);
  });
});
