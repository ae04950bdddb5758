import fc from 'fast-check';
import { DomainValidationError } from './domain-error';
import {
  formatAmount,
  MAX_MINOR_UNITS,
  parseMinorUnitsOrThrow,
  toDecimalAmount,
  toJsonAmount,
  toMinorUnitsOrThrow,
} from './money';

function problemFor(value: unknown, field?: string): { field: string; message: string } {
  try {
    parseMinorUnitsOrThrow(value, field);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainValidationError);
    const { errors, code } = error as DomainValidationError;
    expect(code).toBe('validation_failed');
    expect(errors).toHaveLength(1);
    return errors[0];
  }
  throw new Error(`${String(value)} was accepted`);
}

describe('parseMinorUnitsOrThrow', () => {
  it.each([
    ['1', 1n],
    ['250000', 250000n],
    ['9007199254740993', 9007199254740993n], // above 2^53: a number would have lost the last digit
    ['9223372036854775807', MAX_MINOR_UNITS],
  ])('reads %s', (text, amount) => {
    expect(parseMinorUnitsOrThrow(text)).toBe(amount);
  });

  it.each([
    ['a JSON number', 250000, /not a number/],
    ['a bigint', 250000n, /not a number/],
    ['null', null, /must be a string/],
    ['undefined', undefined, /must be a string/],
    ['an object', { value: '1' }, /must be a string/],
    ['an array', ['1'], /must be a string/],
    ['a boolean', true, /must be a string/],
    ['an empty string', '', /empty/],
    ['zero', '0', /greater than zero/],
    ['zeros', '000', /greater than zero/],
    ['a negative', '-5', /greater than zero/],
    ['a leading zero', '0100', /leading zeros/],
    ['a decimal point', '2500.00', /decimal point/],
    ['a decimal comma', '2500,00', /decimal point/],
    ['a leading +', '+100', /only the digits/],
    ['an exponent', '1e5', /only the digits/],
    ['a leading space', ' 100', /only the digits/],
    ['a trailing newline', '100\n', /only the digits/],
    ['an inner space', '1 000', /only the digits/],
    ['Arabic-Indic digits', '١٠٠', /only the digits/],
    ['hex', '0x10', /only the digits/],
    ['2^63', '9223372036854775808', /at most 9223372036854775807/],
    ['20 digits', '10000000000000000000', /at most/],
    ['a very long string', '9'.repeat(5000), /at most/],
  ])('refuses %s, naming the field amount', (_label, value, message) => {
    const problem = problemFor(value);
    expect(problem.field).toBe('amount');
    expect(problem.message).toMatch(message);
  });

  it('names the field it was given', () => {
    expect(problemFor('0', 'match.minAmount').field).toBe('match.minAmount');
  });
});

describe('toMinorUnitsOrThrow', () => {
  it('brands a bigint in range', () => {
    expect(toMinorUnitsOrThrow(5n)).toBe(5n);
  });

  it.each([0n, -1n, MAX_MINOR_UNITS + 1n])('refuses %s with the field named', (value) => {
    expect(() => toMinorUnitsOrThrow(value, 'sipay.amount')).toThrow(
      expect.objectContaining({ errors: [expect.objectContaining({ field: 'sipay.amount' })] }),
    );
  });
});

describe('toJsonAmount', () => {
  it('writes a decimal string that reads back the same', () => {
    const amount = parseMinorUnitsOrThrow('9223372036854775807');
    expect(toJsonAmount(amount)).toBe('9223372036854775807');
    expect(parseMinorUnitsOrThrow(toJsonAmount(amount))).toBe(amount);
  });
});

describe('formatAmount', () => {
  it.each([
    [250000n, 'TRY', '2,500.00 TRY'],
    [1n, 'TRY', '0.01 TRY'],
    [99n, 'TRY', '0.99 TRY'],
    [100n, 'TRY', '1.00 TRY'],
    [123456789n, 'TRY', '1,234,567.89 TRY'],
    [MAX_MINOR_UNITS, 'TRY', '92,233,720,368,547,758.07 TRY'],
  ])('shows %s minor units of %s as %s', (amount, currency, shown) => {
    expect(formatAmount(amount, currency)).toBe(shown);
  });

  it('gives back the exact minor units once the separators and the point are taken out, for every amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: MAX_MINOR_UNITS }), (amount) => {
        const shown = formatAmount(amount, 'TRY');
        expect(shown).toMatch(/^\d{1,3}(,\d{3})*\.\d{2} TRY$/);
        expect(BigInt(shown.replace(/[,. ]|TRY/g, ''))).toBe(amount);
      }),
    );
  });
});

describe('toDecimalAmount', () => {
  it.each([
    [250000n, 'TRY', '2500.00'],
    [1n, 'TRY', '0.01'],
    [99n, 'USD', '0.99'],
    [100n, 'EUR', '1.00'],
    [123456789n, 'TRY', '1234567.89'],
    [MAX_MINOR_UNITS, 'TRY', '92233720368547758.07'],
  ])('writes %s minor units of %s as %s', (amount, currency, written) => {
    expect(toDecimalAmount(amount, currency)).toBe(written);
  });

  it('is a dot and two decimals that give back the exact minor units, for every amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: MAX_MINOR_UNITS }), (amount) => {
        const written = toDecimalAmount(amount, 'TRY');
        expect(written).toMatch(/^(0|[1-9]\d*)\.\d{2}$/);
        expect(BigInt(written.replace('.', ''))).toBe(amount);
      }),
    );
  });
});
