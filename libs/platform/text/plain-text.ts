/**
 * Characters a text field refuses: C0 and C1 controls and DEL (a NUL even breaks Postgres text), and every Unicode
 * bidirectional formatting character (embeddings, overrides, isolates and the invisible marks), which make a
 * reference or a description read differently on screen than it is stored. Line breaks and tabs are allowed only
 * where a field is declared multi-line.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is what this pattern is for
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const LINE_SEPARATORS = /[\u2028\u2029]/;
const MULTI_LINE_ALLOWED = /[\t\n\r\u2028\u2029]/g;

export interface PlainTextOptions {
  /** Tabs and line breaks (\t, \n, \r, U+2028, U+2029) are allowed; other controls are still refused. */
  multiLine?: boolean;
}

const codePoint = (character: string): string =>
  `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why `text` is not plain text (naming the first offending character by code point), or undefined when it is. */
export function plainTextProblem(text: string, options: PlainTextOptions = {}): string | undefined {
  const checked = options.multiLine ? text.replace(MULTI_LINE_ALLOWED, ' ') : text;
  const bidi = BIDI.exec(checked);
  if (bidi) return `must not contain bidirectional formatting characters (${codePoint(bidi[0])})`;
  const control = CONTROL.exec(checked) ?? LINE_SEPARATORS.exec(checked);
  if (control) return `must not contain control characters or line breaks (${codePoint(control[0])})`;
  return undefined;
}
