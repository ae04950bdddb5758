import { batchFieldProblems, candidateOf } from './batch-items';

const ITEM = {
  amount: '250000',
  currency: 'TRY',
  beneficiary: { name: 'Şükrü Öztürk', iban: 'TR320010009999901234567890' },
  itemReference: 'row-1',
};

describe('candidateOf: an item checked by the decorators of a payout body, plus its itemReference', () => {
  it('passes a valid item on as the body CreatePayout reads', () => {
    const candidate = candidateOf(ITEM, 3, 5);
    expect(candidate).toMatchObject({ index: 3, line: 5, itemReference: 'row-1', currency: 'TRY', errors: [] });
    expect(candidate.input).toMatchObject({ amount: '250000', beneficiary: { name: 'Şükrü Öztürk' } });
  });

  it('lists every shape problem, each by its path, keeping the reference and currency that name the item', () => {
    const candidate = candidateOf(
      { ...ITEM, amount: '1,50', beneficiary: { name: 'Şükrü', iban: 'TR00' }, extra: 1 },
      0,
    );
    expect(candidate.input).toBeUndefined();
    expect(candidate).toMatchObject({ itemReference: 'row-1', currency: 'TRY' });
    expect(candidate.errors.map((error) => error.field).sort()).toEqual(['amount', 'beneficiary.iban', 'extra']);
  });

  it('wants an itemReference, and an object', () => {
    const { itemReference: _reference, ...withoutReference } = ITEM;
    expect(candidateOf(withoutReference, 0).errors.map((error) => error.field)).toContain('itemReference');
    expect(candidateOf([ITEM], 1)).toEqual({
      index: 1,
      errors: [{ field: 'item', message: 'must be an object (a payout body)' }],
    });
  });

  it('checks the fields of a JSON batch beside its items', () => {
    expect(batchFieldProblems({ reference: 'run', description: 'December', metadata: { a: 'b' } })).toEqual([]);
    expect(
      batchFieldProblems({ reference: '', other: true })
        .map((error) => error.field)
        .sort(),
    ).toEqual(['other', 'reference']);
  });
});
