export const NATIONAL_ID_KINDS = ['tckn', 'vkn'] as const;
/** TCKN: T.C. Kimlik No of a person (11 digits). VKN: Vergi Kimlik No, the tax number of a company (10 digits). */
export type NationalIdKind = (typeof NATIONAL_ID_KINDS)[number];

export type NationalIdCheck = { ok: true; kind: NationalIdKind } | { ok: false; message: string };

const digitsOf = (value: string): number[] => [...value].map(Number);

/**
 * d10 = (7 × (d1+d3+d5+d7+d9) − (d2+d4+d6+d8)) mod 10 and d11 = (d1+…+d10) mod 10, with d1 ≠ 0
 * (the NVI algorithm, as in python-stdnum `tr.tckimlik`).
 */
export function isValidTckn(value: string): boolean {
  if (!/^[1-9][0-9]{10}$/.test(value)) return false;
  const d = digitsOf(value);
  const odd = d[0] + d[2] + d[4] + d[6] + d[8];
  const even = d[1] + d[3] + d[5] + d[7];
  const tenth = (((odd * 7 - even) % 10) + 10) % 10;
  const eleventh = d.slice(0, 10).reduce((sum, digit) => sum + digit, 0) % 10;
  return d[9] === tenth && d[10] === eleventh;
}

/**
 * For the first nine digits, counted from the right (i = 1..9): c = (digit + i) mod 10; a non-zero c adds
 * (c × 2^i) mod 9, or 9 when that is 0. The tenth digit is (10 − sum mod 10) mod 10 (GİB algorithm, as in
 * python-stdnum `tr.vkn`). A VKN may start with 0.
 */
export function isValidVkn(value: string): boolean {
  if (!/^[0-9]{10}$/.test(value)) return false;
  const d = digitsOf(value);
  let sum = 0;
  for (let i = 1; i <= 9; i++) {
    const c = (d[9 - i] + i) % 10;
    if (c !== 0) sum += (c * 2 ** i) % 9 || 9;
  }
  return d[9] === (10 - (sum % 10)) % 10;
}

/** Tells TCKN from VKN by length and checks its checksum. Messages never echo the number. */
export function checkNationalId(value: string): NationalIdCheck {
  if (!/^[0-9]+$/.test(value)) return { ok: false, message: 'must contain only digits (TCKN 11, VKN 10)' };
  if (value.length === 11) {
    if (value.startsWith('0')) return { ok: false, message: 'is not a valid TCKN: it cannot start with 0' };
    return isValidTckn(value) ? { ok: true, kind: 'tckn' } : { ok: false, message: 'is not a valid TCKN (checksum)' };
  }
  if (value.length === 10) {
    return isValidVkn(value) ? { ok: true, kind: 'vkn' } : { ok: false, message: 'is not a valid VKN (checksum)' };
  }
  return { ok: false, message: 'must be 11 digits (TCKN) or 10 digits (VKN)' };
}
