import { LosslessNumber, stringify } from 'lossless-json';

const JSON_DECIMAL = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/**
 * A value that `stringifyJson` writes as a bare JSON number with exactly these digits (`jsonNumber('2500.00')` ->
 * `2500.00`), for providers that want decimal amounts as numbers. Built from text, so no float ever touches it.
 */
export function jsonNumber(text: string): LosslessNumber {
  if (!JSON_DECIMAL.test(text)) throw new Error('not a plain decimal number');
  return new LosslessNumber(text);
}

/**
 * JSON.stringify that also writes `bigint` and `LosslessNumber` values as bare numbers, digit for digit. Plain
 * `number` values are written as JSON.stringify would; money never reaches here as one.
 */
export function stringifyJson(value: unknown): string {
  const text = stringify(value);
  if (text === undefined) throw new Error('value has no JSON representation');
  return text;
}
