import fc from 'fast-check';
import {
  beneficiaryNameKey,
  beneficiaryNameWords,
  checkBeneficiaryName,
  normalizeBeneficiaryName,
  sameBeneficiaryName,
} from './beneficiary-name';

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

describe('normalizeBeneficiaryName, beneficiaryNameKey and the words of a name', () => {
  // Names as clients type them: Turkish and other Latin letters, decomposed forms, odd spaces, apostrophes.
  const nameText = fc.string({
    unit: fc.constantFrom(
      'a',
      'A',
      'i',
      'I',
      'ı',
      'İ',
      'ş',
      'Ş',
      'ğ',
      'ö',
      'ü',
      'ç',
      'e\u0301',
      'I\u0307',
      'i\u0307',
      ' ',
      '\u00a0',
      '\u2003',
      '\u2019',
      "'",
      '-',
      '.',
    ),
    maxLength: 40,
  });

  it('normalizes to NFC, one space between words, no space at either end, and a plain apostrophe', () => {
    expect(normalizeBeneficiaryName('  Ayşe\u00a0\u00a0 Nur\u2003Öztürk ')).toBe('Ayşe Nur Öztürk');
    expect(normalizeBeneficiaryName('I\u0307pek D\u2019Angelo')).toBe("İpek D'Angelo");
    fc.assert(
      fc.property(nameText, (input) => {
        const name = normalizeBeneficiaryName(input);
        expect(name).toBe(name.normalize('NFC'));
        expect(name).not.toMatch(/^ | $| {2}|[\u00a0\u2003\u2019]/);
      }),
    );
  });

  it('is idempotent: normalizing (and keying) twice changes nothing', () => {
    fc.assert(
      fc.property(nameText, (input) => {
        const once = normalizeBeneficiaryName(input);
        expect(normalizeBeneficiaryName(once)).toBe(once);
        const key = beneficiaryNameKey(input);
        expect(beneficiaryNameKey(key)).toBe(key);
      }),
    );
  });

  it('compares with Turkish casing: i/İ and ı/I are pairs, i and ı are different letters', () => {
    expect(beneficiaryNameKey('ismail yılmaz')).toBe('İSMAİL YILMAZ');
    expect(sameBeneficiaryName('İsmail Yılmaz', 'ISMAİL YILMAZ')).toBe(false); // ASCII I is the capital of ı
    expect(sameBeneficiaryName('ismail  yılmaz', 'İSMAİL YILMAZ')).toBe(true);
    expect(sameBeneficiaryName('Işık Çiçek', 'IŞIK ÇİÇEK')).toBe(true);
    expect(sameBeneficiaryName('Sinan Kaya', 'Sınan Kaya')).toBe(false); // a plain toUpperCase() says true
    expect(sameBeneficiaryName('I\u0307pek Su', 'İpek su')).toBe(true); // decomposed İ
  });

  it('keys a name the same whatever its case, spacing or composition (Turkish upper and lower case agree)', () => {
    fc.assert(
      fc.property(nameText, (input) => {
        const key = beneficiaryNameKey(input);
        expect(beneficiaryNameKey(input.toLocaleLowerCase('tr-TR'))).toBe(key);
        expect(beneficiaryNameKey(input.toLocaleUpperCase('tr-TR'))).toBe(key);
        expect(beneficiaryNameKey(`  ${input.normalize('NFD')}  `)).toBe(key);
        expect(sameBeneficiaryName(input, key)).toBe(true);
      }),
    );
  });

  it('counts as words only the parts that hold a letter', () => {
    expect(beneficiaryNameWords('  Ahmet   Yılmaz ')).toEqual(['Ahmet', 'Yılmaz']);
    expect(beneficiaryNameWords('Ayşe-Nur')).toEqual(['Ayşe-Nur']);
    expect(beneficiaryNameWords("Ali . - '")).toEqual(['Ali']);
    expect(beneficiaryNameWords('Ali\u00a0Veli')).toEqual(['Ali', 'Veli']);
  });
});
