import type { FieldError } from '@libs/platform/errors';
import { DomainValidationError } from '../domain-error';
import { validateBeneficiaryOrThrow } from './beneficiary';

const VALID = { name: 'Ahmet Yılmaz', iban: 'TR320010009999901234567890', nationalId: '10000000146' };

function errorsFor(input: unknown): readonly FieldError[] {
  try {
    validateBeneficiaryOrThrow(input);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainValidationError);
    return (error as DomainValidationError).errors;
  }
  throw new Error('the beneficiary was accepted');
}

describe('validateBeneficiaryOrThrow', () => {
  it('returns the normalised beneficiary with its bank code and country', () => {
    expect(
      validateBeneficiaryOrThrow({ ...VALID, name: ' Ahmet  Yılmaz ', iban: 'tr32 0010 0099 9990 1234 5678 90' }),
    ).toEqual({
      name: 'Ahmet Yılmaz',
      iban: 'TR320010009999901234567890',
      bankCode: '00100',
      nationalId: '10000000146',
      country: 'TR',
    });
  });

  it('accepts a VKN, and treats an absent or null nationalId as not given', () => {
    expect(validateBeneficiaryOrThrow({ ...VALID, nationalId: '4540536920' }).nationalId).toBe('4540536920');
    expect(validateBeneficiaryOrThrow({ name: VALID.name, iban: VALID.iban })).not.toHaveProperty('nationalId');
    expect(validateBeneficiaryOrThrow({ ...VALID, nationalId: null })).not.toHaveProperty('nationalId');
  });

  it('has no bank code for a foreign IBAN', () => {
    const beneficiary = validateBeneficiaryOrThrow({ ...VALID, iban: 'DE89370400440532013000' });
    expect(beneficiary).toMatchObject({ country: 'DE' });
    expect(beneficiary).not.toHaveProperty('bankCode');
  });

  it.each([
    ['null', null],
    ['a string', 'Ahmet'],
    ['an array', [VALID]],
  ])('refuses %s as the beneficiary itself', (_label, input) => {
    expect(errorsFor(input)).toEqual([{ field: 'beneficiary', message: 'must be an object' }]);
  });

  it.each([
    ['name', { ...VALID, name: undefined }, /is required/],
    ['name', { ...VALID, name: 42 }, /must be a string/],
    ['name', { ...VALID, name: 'Ahmet 2' }, /digits/],
    ['iban', { ...VALID, iban: undefined }, /is required/],
    ['iban', { ...VALID, iban: 123 }, /must be a string/],
    ['iban', { ...VALID, iban: 'TR320010009999901234567891' }, /mod-97/],
    ['nationalId', { ...VALID, nationalId: 10000000146 }, /must be a string/],
    ['nationalId', { ...VALID, nationalId: '10000000147' }, /not a valid TCKN/],
    ['nationalID', { ...VALID, nationalID: '10000000146' }, /not a known field/],
  ])('names beneficiary.%s when it is wrong', (field, input, message) => {
    expect(errorsFor(input)).toEqual([{ field: `beneficiary.${field}`, message: expect.stringMatching(message) }]);
  });

  it('collects every problem at once', () => {
    const errors = errorsFor({ name: '', iban: 'TR00', nationalId: '123' });
    expect(errors.map((error) => error.field)).toEqual([
      'beneficiary.name',
      'beneficiary.iban',
      'beneficiary.nationalId',
    ]);
  });

  it('never puts the IBAN or the national id in a message', () => {
    const iban = 'TR320010009999901234567891';
    const nationalId = '10000000147';
    try {
      validateBeneficiaryOrThrow({ name: 'A', iban, nationalId });
      throw new Error('accepted');
    } catch (error) {
      const text = JSON.stringify({
        message: (error as Error).message,
        errors: (error as DomainValidationError).errors,
      });
      expect(text).not.toContain(iban);
      expect(text).not.toContain(iban.slice(4, 22));
      expect(text).not.toContain(nationalId);
    }
  });

  it('uses the path it is given', () => {
    expect(() => validateBeneficiaryOrThrow({ ...VALID, iban: '' }, 'payouts[0].beneficiary')).toThrow(
      expect.objectContaining({ errors: [expect.objectContaining({ field: 'payouts[0].beneficiary.iban' })] }),
    );
  });
});
