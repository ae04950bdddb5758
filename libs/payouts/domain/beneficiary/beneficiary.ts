import type { FieldError } from '@libs/platform/errors';
import { DomainValidationError } from '../domain-error';
import { beneficiaryNameWords, checkBeneficiaryName } from './beneficiary-name';
import { bankCodeFromTurkishIban, checkIban, type Iban } from './iban';
import { checkNationalId } from './national-id';

export interface Beneficiary {
  /** Normalised holder name (see checkBeneficiaryName). */
  name: string;
  iban: Iban;
  /** The 5-digit bank code, for Turkish IBANs only. */
  bankCode?: string;
  /** TCKN (11 digits) or VKN (10 digits), checksummed. */
  nationalId?: string;
  /** ISO 3166 alpha-2 country of the IBAN. */
  country: string;
}

const FIELDS = ['name', 'iban', 'nationalId'];
const VKN_LENGTH = 10;
export const PERSON_NAME_MESSAGE =
  "a person's name needs at least two words (given name and surname); a company's may be one word when nationalId is its VKN (10 digits)";

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Validates `beneficiary` of a payout request and reports every problem at once, each under its field path
 * (`beneficiary.name`, `beneficiary.iban`, `beneficiary.nationalId`); unknown fields are refused. A null or absent nationalId means "not given".
 */
export function validateBeneficiaryOrThrow(input: unknown, path = 'beneficiary'): Beneficiary {
  if (!isRecord(input)) throw new DomainValidationError([{ field: path, message: 'must be an object' }]);
  const errors: FieldError[] = [];
  const fail = (field: string, message: string): void => void errors.push({ field: `${path}.${field}`, message });

  // A misspelt optional field (`nationalID`) would otherwise vanish and change which providers can take the payout.
  for (const key of Object.keys(input)) if (!FIELDS.includes(key)) fail(key, 'is not a known field');

  let name: string | undefined;
  if (typeof input.name !== 'string') fail('name', input.name === undefined ? 'is required' : 'must be a string');
  else {
    const checked = checkBeneficiaryName(input.name);
    if (checked.ok) name = checked.name;
    else fail('name', checked.message);
  }

  let iban: { iban: Iban; country: string } | undefined;
  if (typeof input.iban !== 'string') fail('iban', input.iban === undefined ? 'is required' : 'must be a string');
  else {
    const checked = checkIban(input.iban);
    if (checked.ok) iban = checked;
    else fail('iban', checked.message);
  }

  let nationalId: string | undefined;
  if (input.nationalId !== undefined && input.nationalId !== null) {
    if (typeof input.nationalId !== 'string') fail('nationalId', 'must be a string of digits');
    else {
      const checked = checkNationalId(input.nationalId);
      if (checked.ok) nationalId = input.nationalId;
      else fail('nationalId', checked.message);
    }
  }

  // A person is named by at least a given name and a surname; a company (its VKN given: 10 digits, checked above) may
  // be one word. A wrong VKN is reported on nationalId alone, not also as a one-word person.
  const company = typeof input.nationalId === 'string' && input.nationalId.length === VKN_LENGTH;
  if (name !== undefined && !company && beneficiaryNameWords(name).length < 2) {
    fail('name', PERSON_NAME_MESSAGE);
    name = undefined;
  }

  if (errors.length > 0 || name === undefined || iban === undefined) throw new DomainValidationError(errors);
  const bankCode = bankCodeFromTurkishIban(iban.iban);
  return {
    name,
    iban: iban.iban,
    ...(bankCode !== undefined ? { bankCode } : {}),
    ...(nationalId !== undefined ? { nationalId } : {}),
    country: iban.country,
  };
}
