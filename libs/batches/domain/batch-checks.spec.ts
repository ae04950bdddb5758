import { currencyOf, duplicateReferenceErrors, itemCountErrors } from './batch-checks';

describe('checks across the items of a batch', () => {
  it('names every repeat of an itemReference, by line in a CSV and by item in JSON, never its first use', () => {
    expect(
      duplicateReferenceErrors([
        { index: 0, line: 2, itemReference: 'a' },
        { index: 1, line: 3, itemReference: 'b' },
        { index: 2, line: 5, itemReference: 'a' },
        { index: 3, line: 6 },
        { index: 4, line: 7, itemReference: 'a' },
      ]),
    ).toEqual([
      { index: 2, line: 5, itemReference: 'a', field: 'itemReference', message: 'repeats the itemReference of line 2' },
      { index: 4, line: 7, itemReference: 'a', field: 'itemReference', message: 'repeats the itemReference of line 2' },
    ]);
    expect(
      duplicateReferenceErrors([
        { index: 0, itemReference: 'x' },
        { index: 1, itemReference: 'x' },
      ]),
    ).toEqual([
      { index: 1, itemReference: 'x', field: 'itemReference', message: 'repeats the itemReference of item 0' },
    ]);
  });

  it('takes the most common currency as the batch’s and names every other item', () => {
    const { currency, errors } = currencyOf([
      { index: 0, currency: 'USD' },
      { index: 1, currency: 'TRY' },
      { index: 2, currency: 'TRY' },
      { index: 3 },
      { index: 4, currency: 'EUR', itemReference: 'e' },
    ]);
    expect(currency).toBe('TRY');
    expect(errors).toEqual([
      { index: 0, field: 'currency', message: 'is USD, but the batch is in TRY: one batch, one currency' },
      {
        index: 4,
        itemReference: 'e',
        field: 'currency',
        message: 'is EUR, but the batch is in TRY: one batch, one currency',
      },
    ]);
  });

  it('takes the first currency seen among equally common ones, and none without items', () => {
    expect(
      currencyOf([
        { index: 0, currency: 'EUR' },
        { index: 1, currency: 'TRY' },
      ]).currency,
    ).toBe('EUR');
    expect(currencyOf([])).toEqual({ errors: [] });
  });

  it('wants 1 to BATCH_MAX_ITEMS items', () => {
    expect(itemCountErrors(0, 10)).toEqual([{ field: 'items', message: 'holds no item: a batch needs at least one' }]);
    expect(itemCountErrors(10, 10)).toEqual([]);
    expect(itemCountErrors(11, 10)).toEqual([{ field: 'items', message: 'holds 11 items; a batch holds at most 10' }]);
  });
});
