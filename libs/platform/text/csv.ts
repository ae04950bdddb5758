/** A field needs quoting (RFC 4180 §2.6) when it holds the separator, a quote or a line break. */
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field per RFC 4180: as it is, or in double quotes with each quote doubled. Null is an empty field. */
export function csvField(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV record with its CRLF line break (RFC 4180 §2.1). */
export const csvRecord = (fields: readonly (string | null | undefined)[]): string =>
  `${fields.map(csvField).join(',')}\r\n`;
