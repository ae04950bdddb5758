import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors } from '@libs/platform/http';
import { batchFieldProblems, candidateOf, itemInstanceOf } from './batch-items';
import { BatchItemDto } from './dto/create-batch.dto';

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

describe('itemInstanceOf: a batch item built as plainToInstance builds it', () => {
  const bodies: unknown[] = [
    ITEM,
    { ...ITEM, customer: { id: 'c-1', label: 'Ç' }, metadata: { a: 'b' }, scheduledFor: '2026-12-05T09:00:00+03:00' },
    { ...ITEM, beneficiary: 'not an object' },
    { ...ITEM, beneficiary: { name: 1, iban: ['TR'] }, customer: { id: '' } },
    { ...ITEM, beneficiary: [ITEM.beneficiary], customer: 'x', metadata: { a: 1 } },
    { ...ITEM, beneficiary: { ...ITEM.beneficiary, extra: true }, amount: 5 },
    { ...ITEM, beneficiary: [1, 'x', null, { name: 'A' }], customer: [] },
    { ...ITEM, beneficiary: null, customer: null },
    { amount: '1' },
    {},
  ];

  it.each(bodies.map((body) => [JSON.stringify(body), body] as const))(
    'gives the same instance and problems as plainToInstance: %s',
    (_json, body) => {
      const raw = body as Record<string, unknown>;
      const slow = plainToInstance(BatchItemDto, raw);
      const fast = itemInstanceOf(raw);
      expect(Object.getPrototypeOf(fast)).toBe(Object.getPrototypeOf(slow));
      expect(fast).toEqual(slow);
      for (const name of ['beneficiary', 'customer'] as const) {
        const [a, b] = [fast[name], slow[name]] as unknown[];
        if (typeof b === 'object' && b !== null) expect(Object.getPrototypeOf(a)).toBe(Object.getPrototypeOf(b));
      }
      const options = { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } };
      expect(flattenValidationErrors(validateSync(fast, options))).toEqual(
        flattenValidationErrors(validateSync(slow, options)),
      );
    },
  );
});
