import { getCountrySpecifications, validateIBAN, ValidationErrorsIBAN } from 'ibantools';

/** An IBAN in electronic format: upper case, no spaces, mod-97 and country length checked. */
export type Iban = string & { readonly format: 'iban' };

export type IbanCheck = { ok: true; iban: Iban; country: string } | { ok: false; message: string };

const TURKISH_BANK_CODE = { start: 4, end: 9 } as const; // TR + 2 check digits, then 5 digits of bank code

/**
 * Accepts the electronic form and the printed one (`tr32 0010 0099 ...`): spaces are dropped and letters upper-cased.
 * Any other separator is refused rather than guessed away. Messages never echo the IBAN.
 */
export function checkIban(input: string): IbanCheck {
  const iban = input.replace(/\s+/g, '').toUpperCase();
  if (iban === '') return { ok: false, message: 'is required' };
  if (!/^[A-Z0-9]+$/.test(iban)) return { ok: false, message: 'may contain only letters, digits and spaces' };
  const country = iban.slice(0, 2);
  const { errorCodes } = validateIBAN(iban);
  if (errorCodes.includes(ValidationErrorsIBAN.NoIBANCountry)) {
    return { ok: false, message: 'must start with a known IBAN country code' };
  }
  if (errorCodes.includes(ValidationErrorsIBAN.WrongBBANLength)) {
    const length = getCountrySpecifications()[country]?.chars;
    return { ok: false, message: `must be ${length} characters long for ${country}` };
  }
  if (errorCodes.includes(ValidationErrorsIBAN.WrongBBANFormat)) {
    return { ok: false, message: `does not have the account format of ${country}` };
  }
  if (errorCodes.length > 0) return { ok: false, message: 'has wrong check digits (ISO 13616 mod-97)' };
  return { ok: true, iban: iban as Iban, country };
}

/** The 5-digit bank code of a Turkish IBAN (routing matches on it), or undefined for another country. */
export function bankCodeFromTurkishIban(iban: string): string | undefined {
  const compact = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^TR[0-9]{7}/.test(compact)) return undefined;
  return compact.slice(TURKISH_BANK_CODE.start, TURKISH_BANK_CODE.end);
}

/** The last four characters: all of an IBAN that may be shown, logged or returned. */
export const ibanLast4 = (iban: string): string => iban.replace(/\s+/g, '').slice(-4);

export function maskIban(iban: string): string {
  const compact = iban.replace(/\s+/g, '');
  return '*'.repeat(Math.max(compact.length - 4, 0)) + compact.slice(-4);
}
