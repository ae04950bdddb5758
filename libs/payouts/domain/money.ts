import { DomainValidationError } from './domain-error';

/** An amount in the currency's minor units (kuruş for TRY). Only the parsers below make one. */
export type MinorUnits = bigint & { readonly unit: 'minor' };

/** Postgres `bigint` max, so every amount we accept can be stored. */
export const MAX_MINOR_UNITS = 9_223_372_036_854_775_807n;

const CANONICAL_DIGITS = /^[1-9][0-9]*$/;

/**
 * Reads a JSON amount: a string of digits, at least 1, at most MAX_MINOR_UNITS. Leading zeros ("0100") are refused,
 * not stripped, so an amount has exactly one spelling: idempotent replays compare bodies, and "0100" is as likely a
 * typo as 100. Numbers are refused even when whole, because JSON numbers above 2^53 lose digits before we see them.
 */
export function parseMinorUnitsOrThrow(value: unknown, field = 'amount'): MinorUnits {
  const problem = minorUnitsProblem(value);
  if (problem !== undefined) throw new DomainValidationError([{ field, message: problem }]);
  return BigInt(value as string) as MinorUnits;
}

/** Why `value` is not a JSON amount, or undefined when it is one. */
export function minorUnitsProblem(value: unknown): string | undefined {
  if (typeof value === 'number' || typeof value === 'bigint') {
    return 'must be a string of minor units, e.g. "250000", not a number';
  }
  if (typeof value !== 'string') return 'must be a string of minor units, e.g. "250000"';
  if (value === '') return 'must not be empty';
  if (/^[0-9]+$/.test(value)) {
    if (/^0+$/.test(value)) return 'must be greater than zero';
    if (!CANONICAL_DIGITS.test(value)) return 'must not have leading zeros';
    if (value.length > 19 || BigInt(value) > MAX_MINOR_UNITS) return `must be at most ${MAX_MINOR_UNITS}`;
    return undefined;
  }
  if (/^-/.test(value)) return 'must be greater than zero';
  if (/[.,]/.test(value)) return 'must be whole minor units, without a decimal point (250000 = 2,500.00 TRY)';
  return 'must contain only the digits 0-9 (no sign, exponent or spaces)';
}

/** For amounts computed in code (a provider's conversion, a sum): the same range check as parsing. */
export function toMinorUnitsOrThrow(value: bigint, field = 'amount'): MinorUnits {
  if (value < 1n) throw new DomainValidationError([{ field, message: 'must be greater than zero' }]);
  if (value > MAX_MINOR_UNITS)
    throw new DomainValidationError([{ field, message: `must be at most ${MAX_MINOR_UNITS}` }]);
  return value as MinorUnits;
}

export const toJsonAmount = (amount: MinorUnits): string => amount.toString();

// ISO 4217 minor-unit digits of the currencies we pay out in; a currency not listed is shown with 2.
const MINOR_DIGITS: Readonly<Record<string, number>> = { TRY: 2, EUR: 2, USD: 2 };

/** The currencies a payout (and an approval rule) can name. */
export const KNOWN_CURRENCIES: readonly string[] = Object.keys(MINOR_DIGITS);

/** Major and minor digits of an amount in `currency`, integer arithmetic only. */
function majorAndMinor(amount: bigint, currency: string): { sign: string; whole: string; fraction: string } {
  const digits = MINOR_DIGITS[currency] ?? 2;
  const text = (amount < 0n ? -amount : amount).toString().padStart(digits + 1, '0');
  return {
    sign: amount < 0n ? '-' : '',
    whole: text.slice(0, text.length - digits),
    fraction: digits > 0 ? `.${text.slice(text.length - digits)}` : '',
  };
}

/**
 * For files read by finance tools (the CSV export's `amountDecimal`): major units with a dot and the currency's
 * minor digits (two for TRY, EUR, USD), no separators and no currency: "2500.00" for 250000. Never a float.
 */
export function toDecimalAmount(amount: bigint, currency: string): string {
  const { sign, whole, fraction } = majorAndMinor(amount, currency);
  return `${sign}${whole}${fraction}`;
}

/**
 * For people reading a screen (the /ops page): major units with thousands separators, "2,500.00 TRY" for 250000.
 * Exact for every bigint: integer arithmetic only, never a float.
 */
export function formatAmount(amount: bigint, currency: string): string {
  const { sign, whole, fraction } = majorAndMinor(amount, currency);
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction} ${currency}`;
}
