import { isLosslessNumber, LosslessNumber, parse } from 'lossless-json';

/**
 * A JSON tree in which no number lost a digit: safe integers are `number`, every other number (integers beyond 2^53,
 * every decimal, exponents) is a `LosslessNumber` holding the exact text it was written with.
 */
export type JsonValue = string | number | boolean | null | LosslessNumber | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
}

const SAFE_INTEGER_TEXT = /^-?(0|[1-9][0-9]{0,15})$/;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function readNumber(text: string): number | LosslessNumber {
  if (SAFE_INTEGER_TEXT.test(text)) {
    const value = Number(text);
    if (Number.isSafeInteger(value) && !Object.is(value, -0)) return value;
  }
  return new LosslessNumber(text);
}

/**
 * Parses JSON without ever going through a lossy JS number: provider IDs above 2^53 and decimal amounts keep their
 * exact digits. Bytes must be UTF-8 (a leading BOM is dropped); duplicate keys with different values are refused.
 * Throws `JsonSyntaxError` with a message that never repeats the input.
 */
export function parseJsonLossless(input: string | Uint8Array): JsonValue {
  let text: string;
  try {
    text = typeof input === 'string' ? input : utf8.decode(input);
  } catch {
    throw new JsonSyntaxError('body is not valid UTF-8');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return parse(text, null, readNumber) as JsonValue;
  } catch (error) {
    const message = (error as Error).message.replace(/'[^']*'/g, "'…'");
    throw new JsonSyntaxError(`body is not valid JSON: ${message}`);
  }
}

export type JsonParseResult = { ok: true; value: JsonValue } | { ok: false; reason: string };

/** `parseJsonLossless` as a value: unparseable provider answers are an outcome, not an exception. */
export function tryParseJsonLossless(input: string | Uint8Array): JsonParseResult {
  try {
    return { ok: true, value: parseJsonLossless(input) };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !isLosslessNumber(value);

/** The exact text of a JSON number (`720.0000` stays `720.0000`), or undefined when `value` is not a number. */
export function jsonNumberText(value: unknown): string | undefined {
  if (isLosslessNumber(value)) return value.value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * An identifier as an exact string, whether the provider wrote it as a JSON string or as an integer
 * (`2505267108142371608`). Decimals, exponents, empty strings and other types give undefined.
 */
export function jsonIdText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  const text = jsonNumberText(value);
  return text !== undefined && /^-?[0-9]+$/.test(text) ? text : undefined;
}

/** A JSON string field, or undefined. */
export const jsonString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
