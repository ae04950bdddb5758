import { parseJsonLossless } from './lossless-json.parse';
import { jsonNumber, stringifyJson } from './lossless-json.stringify';

describe('stringifyJson', () => {
  it('writes decimal text and bigints as bare JSON numbers, digit for digit', () => {
    const body = stringifyJson({ amount: jsonNumber('2500.00'), id: 2505267108142371608n, name: 'Ahmet' });
    expect(body).toBe('{"amount":2500.00,"id":2505267108142371608,"name":"Ahmet"}');
  });

  it('round-trips through the lossless parser', () => {
    const text = '{"a":720.0000,"b":[2505267108142371608,1]}';
    expect(stringifyJson(parseJsonLossless(text))).toBe(text);
  });

  it('leaves optional fields that are undefined out', () => {
    expect(stringifyJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });
});

describe('jsonNumber', () => {
  it.each(['abc', '1e3', '01.5', '1.', '.5', '', ' 1'])('refuses %p', (text) => {
    expect(() => jsonNumber(text)).toThrow();
  });
});
