import { RoutingError } from '../application';
import { ruleDraftOrThrow } from './rule-body';

const problemsOf = (body: Record<string, unknown>): { field: string; message: string }[] => {
  try {
    ruleDraftOrThrow(body);
  } catch (error) {
    if (error instanceof RoutingError) return [...(error.errors ?? [])];
    throw error;
  }
  return [];
};

describe('ruleDraftOrThrow', () => {
  it('reads amounts as minor-unit strings into bigints and fills the defaults', () => {
    expect(
      ruleDraftOrThrow({
        name: 'big',
        priority: 3,
        match: { minAmount: '100000', maxAmount: '9223372036854775807', bankCodes: ['00062'] },
        targets: [{ provider: 'sipay', weight: 2 }],
      }),
    ).toEqual({
      name: 'big',
      priority: 3,
      enabled: true,
      match: { minAmount: 100000n, maxAmount: 9223372036854775807n, bankCodes: ['00062'] },
      targets: [{ provider: 'sipay', weight: 2 }],
      fallback: [],
    });
  });

  it('names every field it cannot read, nested paths included', () => {
    expect(
      problemsOf({
        name: 'x',
        priority: 1,
        match: { minAmount: 100, maxAmount: '1.5', bankCodes: 'x', metadata: { a: 1 }, extra: true },
        targets: [{ provider: 'sipay', weight: 1, share: 3 }, 'sipay'],
      }).map((p) => p.field),
    ).toEqual([
      'match.extra',
      'match.minAmount',
      'match.maxAmount',
      'match.bankCodes',
      'match.metadata',
      'targets[0].share',
      'targets[1]',
    ]);
  });

  it('refuses a match that is not an object and targets that are not a list', () => {
    expect(problemsOf({ name: 'x', priority: 1, match: [], targets: {} }).map((p) => p.field)).toEqual([
      'match',
      'targets',
    ]);
  });
});
