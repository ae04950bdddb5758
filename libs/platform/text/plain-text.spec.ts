import fc from 'fast-check';
import { plainTextProblem } from './plain-text';

describe('plainTextProblem', () => {
  it.each([
    ['Winnings withdrawal'],
    ['Ahmet Yılmaz — çğıöşü ÇĞİÖŞÜ'],
    ['مرحبا بالعالم'],
    ['emoji 💸 and CJK 支付'],
    [''],
  ])('accepts %j', (text) => {
    expect(plainTextProblem(text)).toBeUndefined();
  });

  it.each([
    ['a NUL', 'a\u0000b', 'U+0000'],
    ['a newline', 'a\nb', 'U+000A'],
    ['a tab', 'a\tb', 'U+0009'],
    ['an escape', 'a\u001b[31mb', 'U+001B'],
    ['DEL', 'a\u007fb', 'U+007F'],
    ['a C1 control', 'a\u0085b', 'U+0085'],
    ['a right-to-left override', 'invoice\u202Efdp.exe', 'U+202E'],
    ['a left-to-right embedding', 'a\u202Ab', 'U+202A'],
    ['a first-strong isolate', 'a\u2068b', 'U+2068'],
    ['a pop directional isolate', 'a\u2069b', 'U+2069'],
    ['a right-to-left mark', 'a\u200Fb', 'U+200F'],
    ['an Arabic letter mark', 'a\u061Cb', 'U+061C'],
    ['a line separator', 'a\u2028b', 'U+2028'],
  ])('refuses %s in a single-line field, naming %s', (_case, text, codePoint) => {
    expect(plainTextProblem(text)).toContain(codePoint);
  });

  it('allows tabs and line breaks in a multi-line field but still refuses other controls and bidi characters', () => {
    expect(plainTextProblem('ticket 4411\r\n\tprovider email\u2029', { multiLine: true })).toBeUndefined();
    expect(plainTextProblem('a\nb\u0000', { multiLine: true })).toContain('U+0000');
    expect(plainTextProblem('a\nb\u202E', { multiLine: true })).toContain('U+202E');
  });

  it('refuses every string holding a control or bidi character, whatever surrounds it', () => {
    const forbidden = fc.constantFrom(
      ...[...Array(0x20).keys(), ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i)].map((c) =>
        String.fromCharCode(c),
      ),
      '\u061c',
      '\u200e',
      '\u200f',
      '\u202a',
      '\u202b',
      '\u202c',
      '\u202d',
      '\u202e',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
      '\u2028',
      '\u2029',
    );
    fc.assert(
      fc.property(fc.string(), forbidden, fc.string(), (before, bad, after) => {
        expect(plainTextProblem(`${before}${bad}${after}`)).toBeDefined();
      }),
    );
  });
});
