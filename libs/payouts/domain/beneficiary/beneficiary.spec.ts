import type { FieldError } from '@libs/platform/errors';
import { DomainValidationError } from '../domain-error';
import { PERSON_NAME_MESSAGE, validateBeneficiaryOrThrow } from './beneficiary';

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

  describe('two words for a person, one for a company with its VKN', () => {
    const VKN = '4540536920';

    it.each([
      ['no national id', { name: 'Ahmet', iban: VALID.iban }],
      ['a TCKN', { ...VALID, name: 'Ahmet' }],
      ['a null national id', { ...VALID, name: 'Yılmaz', nationalId: null }],
      ['spaces, dots and hyphens around one word', { ...VALID, name: ' - Ayşe-Nur . ' }],
    ])('refuses a one-word name with %s, naming beneficiary.name', (_label, input) => {
      expect(errorsFor(input)).toEqual([{ field: 'beneficiary.name', message: PERSON_NAME_MESSAGE }]);
    });

    it('accepts a one-word name with a VKN (a company), and two words with or without any national id', () => {
      expect(validateBeneficiaryOrThrow({ ...VALID, name: 'Trendyol', nationalId: VKN }).name).toBe('Trendyol');
      expect(validateBeneficiaryOrThrow({ name: 'Ali Veli', iban: VALID.iban }).name).toBe('Ali Veli');
      expect(validateBeneficiaryOrThrow({ ...VALID, name: 'Ali\u00a0 Veli' }).name).toBe('Ali Veli');
      expect(validateBeneficiaryOrThrow({ ...VALID, name: 'Acme Ltd. Şti.', nationalId: VKN }).name).toBe(
        'Acme Ltd. Şti.',
      );
    });

    it('reports a VKN with a bad checksum on nationalId alone, not also as a one-word person', () => {
      expect(errorsFor({ ...VALID, name: 'Trendyol', nationalId: '1234567891' })).toEqual([
        { field: 'beneficiary.nationalId', message: expect.stringMatching(/VKN/) },
      ]);
    });
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
