export const BENEFICIARY_NAME_LENGTH = { min: 2, max: 140 } as const;

export type BeneficiaryNameCheck = { ok: true; name: string } | { ok: false; message: string };

// Banks compare the holder name with their records, so we pass on only what a Turkish bank account name holds:
// Latin letters (Turkish ones included), space, apostrophe, hyphen and dot. Anything else is refused, not stripped,
// because a silently changed name fails the provider's match later and further from the client.
const ALLOWED = /^(?:(?=\p{L})\p{Script=Latin}|[ '.-])+$/u;
const CONTROL = /\p{Cc}|\p{Cf}/u;
const DIGIT = /\p{Nd}/u;
const LETTER = /\p{L}/u;

/**
 * The one spelling of a name, as it is stored, compared and sent: Unicode NFC (a decomposed İ becomes one letter), a
 * typographic apostrophe (’) as ', every run of spaces (any Unicode space separator) as one space, trimmed. Letter
 * case is kept: the holder's name reads as the client wrote it; comparisons use `beneficiaryNameKey`. Idempotent, so
 * applying it again before a send changes nothing a lookup replaying the same request would see differently.
 */
export function normalizeBeneficiaryName(input: string): string {
  return input
    .normalize('NFC')
    .replace(/\u2019/g, "'")
    .replace(/\p{Zs}+/gu, ' ')
    .trim();
}

/**
 * What two names are compared by: the normalized name in Turkish upper case (i -> İ, ı -> I, as
 * `toLocaleUpperCase('tr-TR')`; a plain `toUpperCase` would make "Sinan" and "Sınan" the same name), NFC again.
 */
export function beneficiaryNameKey(input: string): string {
  return normalizeBeneficiaryName(input).toLocaleUpperCase('tr-TR').normalize('NFC');
}

/** Whether two spellings name the same holder, by `beneficiaryNameKey`. */
export const sameBeneficiaryName = (a: string, b: string): boolean => beneficiaryNameKey(a) === beneficiaryNameKey(b);

/** The words of a name: the space-separated parts that hold a letter ("Ali ." is one word, "Ayşe-Nur" too). */
export const beneficiaryNameWords = (name: string): string[] =>
  normalizeBeneficiaryName(name)
    .split(' ')
    .filter((word) => LETTER.test(word));

/** Normalizes (`normalizeBeneficiaryName`) and checks what a name may hold. Tabs and line breaks are refused. */
export function checkBeneficiaryName(input: string): BeneficiaryNameCheck {
  if (CONTROL.test(input)) return { ok: false, message: 'must not contain control characters' };
  const name = normalizeBeneficiaryName(input);
  if (name === '') return { ok: false, message: 'is required' };
  if (DIGIT.test(name)) return { ok: false, message: 'must not contain digits' };
  if (!ALLOWED.test(name)) {
    return { ok: false, message: 'may contain only letters, spaces, apostrophes, hyphens and dots' };
  }
  if (!LETTER.test(name)) return { ok: false, message: 'must contain a letter' };
  const length = [...name].length;
  if (length < BENEFICIARY_NAME_LENGTH.min || length > BENEFICIARY_NAME_LENGTH.max) {
    const { min, max } = BENEFICIARY_NAME_LENGTH;
    return { ok: false, message: `must be ${min} to ${max} characters long after trimming` };
  }
  return { ok: true, name };
}
