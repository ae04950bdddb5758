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
 * NFC-normalises (so a decomposed İ becomes one letter), turns a typographic apostrophe (’) into ', trims and
 * collapses runs of spaces. Tabs and line breaks are control characters and are refused like the rest.
 */
export function checkBeneficiaryName(input: string): BeneficiaryNameCheck {
  if (CONTROL.test(input)) return { ok: false, message: 'must not contain control characters' };
  const name = input
    .normalize('NFC')
    .replace(/\u2019/g, "'")
    .replace(/\p{Zs}+/gu, ' ')
    .trim();
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
