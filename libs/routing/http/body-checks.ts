import { minorUnitsProblem } from '@libs/payouts';
import { plainTextProblem } from '@libs/platform/text';
import type { FieldError } from '@libs/platform/errors';

/** Shape checks shared by the routing request bodies; each problem names its field path. */
export class BodyProblems {
  readonly list: FieldError[] = [];

  add(field: string, message: string): void {
    this.list.push({ field, message });
  }

  isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  }

  /** Reports keys of `value` outside `known` (a misspelt optional key would otherwise silently match everything). */
  unknownKeys(path: string, value: Record<string, unknown>, known: readonly string[]): void {
    for (const key of Object.keys(value)) if (!known.includes(key)) this.add(`${path}.${key}`, 'is not a known field');
  }

  amount(field: string, value: unknown): bigint | undefined {
    const problem = minorUnitsProblem(value);
    if (problem !== undefined) {
      this.add(field, problem);
      return undefined;
    }
    return BigInt(value as string);
  }

  /** null clears the value; undefined leaves it as it is. */
  optionalAmount(field: string, value: unknown): bigint | null | undefined {
    if (value === undefined || value === null) return value;
    return this.amount(field, value);
  }

  stringList(field: string, value: unknown): string[] | undefined {
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
      this.add(field, 'must be a list of strings');
      return undefined;
    }
    this.plainText(field, value as string[]);
    return value as string[];
  }

  stringMap(field: string, value: unknown): Record<string, string> | undefined {
    if (!this.isRecord(value) || Object.values(value).some((item) => typeof item !== 'string')) {
      this.add(field, 'must be an object of string values');
      return undefined;
    }
    this.plainText(field, [...Object.keys(value), ...(Object.values(value) as string[])]);
    return value as Record<string, string>;
  }

  private plainText(field: string, texts: string[]): void {
    const problem = texts.map((text) => plainTextProblem(text)).find((found) => found !== undefined);
    if (problem !== undefined) this.add(field, problem);
  }

  boolean(field: string, value: unknown): boolean | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') this.add(field, 'must be true or false');
    return typeof value === 'boolean' ? value : undefined;
  }
}
