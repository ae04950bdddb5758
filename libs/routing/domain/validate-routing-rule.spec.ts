import { validateRoutingRule, type RoutingRuleDraft } from './validate-routing-rule';

const KNOWN = ['alpha', 'beta', 'gamma'];

const valid: RoutingRuleDraft = {
  name: 'TRY split',
  priority: 10,
  enabled: true,
  match: { currency: 'TRY', minAmount: 100n, maxAmount: 100_000_000n, bankCodes: ['00100'], clientIds: ['c1'] },
  targets: [
    { provider: 'alpha', weight: 70 },
    { provider: 'beta', weight: 30 },
  ],
  fallback: ['gamma'],
};

const fieldsOf = (draft: RoutingRuleDraft): string[] => validateRoutingRule(draft, KNOWN).map((p) => p.field);

describe('validateRoutingRule', () => {
  it('finds nothing wrong with a valid rule', () => {
    expect(validateRoutingRule(valid, KNOWN)).toEqual([]);
  });

  it('accepts an empty match, equal bounds and no fallback', () => {
    expect(validateRoutingRule({ ...valid, match: {}, fallback: [] }, KNOWN)).toEqual([]);
    expect(validateRoutingRule({ ...valid, match: { minAmount: 5n, maxAmount: 5n } }, KNOWN)).toEqual([]);
  });

  it.each<[string, Partial<RoutingRuleDraft>, string, RegExp]>([
    ['an empty name', { name: '  ' }, 'name', /required/],
    ['a long name', { name: 'x'.repeat(101) }, 'name', /at most 100/],
    ['a fractional priority', { priority: 1.5 }, 'priority', /integer/],
    ['a negative priority', { priority: -1 }, 'priority', /integer >= 0/],
    ['a NaN priority', { priority: Number.NaN }, 'priority', /integer/],
    ['no targets', { targets: [] }, 'targets', /at least one/],
    [
      'an unknown target',
      { targets: [{ provider: 'ghost', weight: 1 }] },
      'targets[0].provider',
      /ghost is not a known/,
    ],
    ['a zero weight', { targets: [{ provider: 'alpha', weight: 0 }] }, 'targets[0].weight', /positive integer/],
    ['a negative weight', { targets: [{ provider: 'alpha', weight: -3 }] }, 'targets[0].weight', /positive/],
    ['a fractional weight', { targets: [{ provider: 'alpha', weight: 0.5 }] }, 'targets[0].weight', /integer/],
    [
      'a duplicate target',
      {
        targets: [
          { provider: 'alpha', weight: 1 },
          { provider: 'alpha', weight: 2 },
        ],
      },
      'targets[1].provider',
      /already a target/,
    ],
    ['an unknown fallback', { fallback: ['gamma', 'ghost'] }, 'fallback[1]', /ghost is not a known/],
    ['a fallback that is a target', { fallback: ['alpha'] }, 'fallback[0]', /is a target/],
    ['a fallback listed twice', { fallback: ['gamma', 'gamma'] }, 'fallback[1]', /twice/],
    ['min above max', { match: { minAmount: 10n, maxAmount: 9n } }, 'match.minAmount', /not exceed match.maxAmount/],
    ['a zero min', { match: { minAmount: 0n } }, 'match.minAmount', /positive/],
    ['a lower-case currency', { match: { currency: 'try' } }, 'match.currency', /ISO 4217/],
    ['empty bank codes', { match: { bankCodes: [] } }, 'match.bankCodes', /not be empty/],
    ['a short bank code', { match: { bankCodes: ['100'] } }, 'match.bankCodes[0]', /5-digit/],
    ['empty client ids', { match: { clientIds: [] } }, 'match.clientIds', /not be empty/],
  ])('names the field for %s', (_label, change, field, message) => {
    const problems = validateRoutingRule({ ...valid, ...change }, KNOWN);
    expect(problems).toEqual([{ field, message: expect.stringMatching(message) }]);
  });

  it('reports every problem at once', () => {
    const draft = { ...valid, name: '', priority: 0.1, targets: [{ provider: 'ghost', weight: 0 }], fallback: ['x'] };
    expect(fieldsOf(draft)).toEqual(['name', 'priority', 'targets[0].provider', 'targets[0].weight', 'fallback[0]']);
  });

  it('survives shapes the types do not allow, as a JSON body could send them', () => {
    const draft = {
      ...valid,
      targets: [null],
      fallback: 'gamma',
      match: null,
      enabled: 'yes',
    } as unknown as RoutingRuleDraft;
    expect(fieldsOf(draft)).toEqual(['enabled', 'targets[0]', 'fallback', 'match']);
  });
});
