import { LosslessNumber } from 'lossless-json';
import { jsonNumber, numberText, parseSipayJson, stringifySipayJson } from './sipay.json';

describe('Sipay JSON', () => {
  it('writes bigint ids as bare numbers, digit for digit, where JSON.stringify cannot', () => {
    const text = stringifySipayJson({ request_id: 2505267108142371608n, amount: jsonNumber('2500.00') });
    expect(text).toBe('{"request_id":2505267108142371608,"amount":2500.00}');
    expect(() => JSON.stringify({ id: 2505267108142371608n })).toThrow();
  });

  it('reads every number as its exact text; JSON.parse would round the id', () => {
    const text = '{"transaction_id":2505266701488343592,"amount":2500.00}';
    const parsed = parseSipayJson(text) as Record<string, unknown>;
    expect(parsed.transaction_id).toBeInstanceOf(LosslessNumber);
    expect(numberText(parsed.transaction_id)).toBe('2505266701488343592');
    expect(numberText(parsed.amount)).toBe('2500.00');
    expect(String((JSON.parse(text) as { transaction_id: number }).transaction_id)).not.toBe('2505266701488343592');
  });

  it('says a non-number has no number text', () => {
    expect(numberText('2500.00')).toBeUndefined();
  });
});
