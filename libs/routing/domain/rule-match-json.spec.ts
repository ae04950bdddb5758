import { ruleMatchFromJson, ruleMatchToJson } from './rule-match-json';

describe('a rule match as JSON', () => {
  it('writes amounts as decimal strings and reads them back as bigint, beyond 2^53', () => {
    const match = { currency: 'TRY', minAmount: 9_007_199_254_740_993n, bankCodes: ['00062'], metadata: { a: 'b' } };
    const json = ruleMatchToJson(match);
    expect(json).toEqual({
      currency: 'TRY',
      minAmount: '9007199254740993',
      bankCodes: ['00062'],
      metadata: { a: 'b' },
    });
    expect(ruleMatchFromJson(json)).toEqual(match);
  });

  it('leaves out what the match does not give', () => {
    expect(ruleMatchToJson({})).toEqual({});
    expect(Object.keys(ruleMatchToJson({ maxAmount: 5n }))).toEqual(['maxAmount']);
  });
});
