import { checkBeneficiaryName } from './beneficiary-name';

describe('checkBeneficiaryName', () => {
  it.each([
    ['Ahmet Yılmaz', 'Ahmet Yılmaz'],
    ['ĞÜŞİÖÇ ğüşıöç', 'ĞÜŞİÖÇ ğüşıöç'],
    ['  Ayşe   Nur \u00a0 Öztürk  ', 'Ayşe Nur Öztürk'],
    ["O'Neil-Smith Jr.", "O'Neil-Smith Jr."],
    ['D\u2019Angelo', "D'Angelo"],
    ['I\u0307pek', 'İpek'], // decomposed İ composed by NFC
    ['Zoë Ñandú', 'Zoë Ñandú'],
    ['Li', 'Li'],
  ])('accepts %j as %j', (input, name) => {
    expect(checkBeneficiaryName(input)).toEqual({ ok: true, name });
  });

  it.each([
    ['empty', '', /is required/],
    ['only spaces', '    ', /is required/],
    ['a digit', 'Ahmet Yılmaz 2', /digits/],
    ['an Arabic-Indic digit', 'Ahmet ٣', /digits/],
    ['a tab', 'Ahmet\tYılmaz', /control characters/],
    ['a newline', 'Ahmet\nYılmaz', /control characters/],
    ['a NUL', 'Ahmet\u0000', /control characters/],
    ['a zero-width joiner', 'Ah\u200dmet', /control characters/],
    ['a right-to-left override', '\u202eAhmet', /control characters/],
    ['an emoji', 'Ahmet 😀', /only letters, spaces, apostrophes, hyphens and dots/],
    ['a comma', 'Yılmaz, Ahmet', /only letters/],
    ['an at sign', 'ahmet@example', /only letters/],
    ['Cyrillic', 'Иван Петров', /only letters/],
    ['a lone combining mark', 'Ahmet\u0301x\u0302', /only letters/],
    ['no letter', "-. '", /must contain a letter/],
    ['one letter', 'A', /2 to 140 characters/],
    ['141 letters', 'a'.repeat(141), /2 to 140 characters/],
  ])('refuses %s', (_label, input, message) => {
    expect(checkBeneficiaryName(input)).toEqual({ ok: false, message: expect.stringMatching(message) });
  });

  it('counts characters, not UTF-16 units, and bounds the length after collapsing spaces', () => {
    expect(checkBeneficiaryName('ş'.repeat(140)).ok).toBe(true);
    expect(checkBeneficiaryName(`${'a'.repeat(70)}      ${'b'.repeat(69)}`).ok).toBe(true);
  });
});
