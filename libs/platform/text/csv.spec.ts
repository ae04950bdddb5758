import fc from 'fast-check';
import { csvField, csvRecord } from './csv';

/** A strict RFC 4180 reader of one record (its CRLF included), for checking that what we write reads back. */
function readRecord(text: string): string[] {
  expect(text.endsWith('\r\n')).toBe(true);
  const body = text.slice(0, -2);
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (body[i] === '"') {
      i += 1;
      for (;;) {
        const quote = body.indexOf('"', i);
        expect(quote).toBeGreaterThanOrEqual(0);
        field += body.slice(i, quote);
        if (body[quote + 1] === '"') {
          field += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
    } else {
      const end = body.indexOf(',', i);
      field = body.slice(i, end < 0 ? body.length : end);
      expect(field).not.toMatch(/["\r\n]/);
      i = end < 0 ? body.length : end;
    }
    fields.push(field);
    if (i >= body.length) return fields;
    expect(body[i]).toBe(',');
    i += 1;
  }
}

describe('CSV (RFC 4180)', () => {
  it.each([
    ['order-991', 'order-991'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rlf', '"cr\rlf"'],
    ['', ''],
    ['Ahmet Yılmaz', 'Ahmet Yılmaz'],
  ])('writes %j as %j', (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  it('writes null and undefined as an empty field', () => {
    expect(csvRecord(['a', null, undefined, 'b'])).toBe('a,,,b\r\n');
  });

  it('reads back every record as written, whatever the fields hold', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'ş', ',', '"', '\r', '\n', ' ', 'İ') }), {
          minLength: 1,
          maxLength: 6,
        }),
        (fields) => {
          expect(readRecord(csvRecord(fields))).toEqual(fields);
        },
      ),
    );
  });
});
