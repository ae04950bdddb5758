import { isLosslessNumber, LosslessNumber, parse, stringify } from 'lossless-json';

/**
 * Sipay writes 64-bit IDs and decimal amounts as bare JSON numbers. Every number is read as its exact text and
 * written back from bigint or exact text, so nothing passes through a float (JSON.parse would round 2505267108142371608).
 */
export function parseSipayJson(text: string): unknown {
  return parse(text);
}

export function stringifySipayJson(value: unknown): string {
  const text = stringify(value);
  if (text === undefined) throw new Error('nothing to serialise');
  return text;
}

/** A JSON number written exactly as `text` (e.g. `2500.00`, which JSON.stringify would shorten to 2500). */
export const jsonNumber = (text: string): LosslessNumber => new LosslessNumber(text);

/** The exact text of a JSON number, or undefined when the value is not a number. */
export const numberText = (value: unknown): string | undefined =>
  isLosslessNumber(value) ? value.toString() : undefined;
