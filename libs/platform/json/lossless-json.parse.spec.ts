import { isLosslessNumber } from 'lossless-json';
import {
  isJsonObject,
  jsonIdText,
  jsonNumberText,
  JsonSyntaxError,
  parseJsonLossless,
  tryParseJsonLossless,
} from './lossless-json.parse';

describe('parseJsonLossless', () => {
  it('keeps integers beyond 2^53 digit for digit where JSON.parse rounds them', () => {
    const text = '{"request_id":2505267108142371608}';
    expect(String((JSON.parse(text) as { request_id: number }).request_id)).toBe('2505267108142372000');
    const tree = parseJsonLossless(text);
    expect(isJsonObject(tree) && jsonIdText(tree.request_id)).toBe('2505267108142371608');
  });

  it('keeps decimals as the exact text they were written with', () => {
    const tree = parseJsonLossless('{"base_amount":720.0000,"fee":0.10}');
    if (!isJsonObject(tree)) throw new Error('expected an object');
    expect(isLosslessNumber(tree.base_amount)).toBe(true);
    expect(jsonNumberText(tree.base_amount)).toBe('720.0000');
    expect(jsonNumberText(tree.fee)).toBe('0.10');
  });

  it('gives safe integers as plain numbers', () => {
    expect(parseJsonLossless('[0, 50, -3, 9007199254740991]')).toEqual([0, 50, -3, 9007199254740991]);
    const [beyond] = parseJsonLossless('[9007199254740993]') as unknown[];
    expect(jsonNumberText(beyond)).toBe('9007199254740993');
  });

  it('reads UTF-8 bytes and drops a leading byte order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"m":"İşlem Başarılı"}', 'utf8')]);
    expect(parseJsonLossless(bytes)).toEqual({ m: 'İşlem Başarılı' });
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(() => parseJsonLossless(Buffer.from([0x7b, 0xff, 0x7d]))).toThrow(JsonSyntaxError);
  });

  it('refuses duplicate keys with different values and trailing garbage', () => {
    expect(() => parseJsonLossless('{"a":1,"a":2}')).toThrow(JsonSyntaxError);
    expect(() => parseJsonLossless('{"a":1} x')).toThrow(JsonSyntaxError);
  });

  it('never repeats the input in its error message', () => {
    const result = tryParseJsonLossless("{'iban':'TR320010009999901234567890'}");
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('TR3200');
  });
});

describe('jsonIdText', () => {
  it('accepts string and integer IDs and refuses decimals, empties and other types', () => {
    expect(jsonIdText('01927b3c')).toBe('01927b3c');
    expect(jsonIdText(7)).toBe('7');
    expect(jsonIdText(parseJsonLossless('1.5'))).toBeUndefined();
    expect(jsonIdText('')).toBeUndefined();
    expect(jsonIdText(null)).toBeUndefined();
    expect(jsonIdText(true)).toBeUndefined();
  });
});
