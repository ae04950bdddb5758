import { AddressRanges } from './address-ranges';
import { parseDurationOrThrow } from './duration';

/**
 * One environment variable: its name, what it is for, whether it is a secret (the logger redacts secret values),
 * its default as written in the environment, and a parser that throws a message naming what is wrong.
 */
export interface ConfigEntry<T> {
  readonly env: string;
  readonly description: string;
  readonly secret: boolean;
  /** The default as it would be written in the environment; `undefined` means "no default". */
  readonly defaultText: string | undefined;
  readonly required: boolean;
  parse(raw: string): T;
}

export type ConfigSpec = Readonly<Record<string, ConfigEntry<unknown>>>;
export type ConfigOf<S extends ConfigSpec> = { readonly [K in keyof S]: S[K] extends ConfigEntry<infer T> ? T : never };

/** A named group of entries, declared next to the code that reads it (style.md §11). */
export interface ConfigSlice<S extends ConfigSpec = ConfigSpec> {
  readonly name: string;
  readonly spec: S;
  /** Cross-field checks run after every entry parsed; each returned string is one problem. */
  check?(value: ConfigOf<S>): string[];
}

export function defineSlice<S extends ConfigSpec>(
  name: string,
  spec: S,
  check?: (value: ConfigOf<S>) => string[],
): ConfigSlice<S> {
  return { name, spec, check };
}

interface EntryOptions {
  description: string;
  secret?: boolean;
}
interface WithDefault extends EntryOptions {
  default: string;
}

type Builder<T> = {
  (env: string, options: WithDefault): ConfigEntry<T>;
  (env: string, options: EntryOptions & { required: true }): ConfigEntry<T>;
  (env: string, options: EntryOptions): ConfigEntry<T | undefined>;
};

function builder<T>(parse: (raw: string) => T): Builder<T> {
  return ((env: string, options: EntryOptions & { default?: string; required?: boolean }) => ({
    env,
    description: options.description,
    secret: options.secret ?? false,
    defaultText: options.default,
    required: options.required ?? false,
    parse,
  })) as Builder<T>;
}

export const text = builder((raw) => raw);

export const integer = (min: number, max: number) =>
  builder((raw) => {
    if (!/^\d+$/.test(raw)) throw new Error(`"${raw}" is not a whole number`);
    const value = Number(raw);
    if (value < min || value > max) throw new Error(`${raw} is outside ${min}..${max}`);
    return value;
  });

export const port = integer(1, 65535);

export const positiveNumber = builder((raw) => {
  if (!/^\d+(\.\d+)?$/.test(raw) || Number(raw) <= 0) throw new Error(`"${raw}" is not a positive number`);
  return Number(raw);
});

export const duration = builder(parseDurationOrThrow);

/** A duration with an optional sign: `-2d`, `+90m`, `0ms`. */
export const signedDuration = builder((raw) => {
  const negative = raw.trim().startsWith('-');
  const ms = parseDurationOrThrow(raw.trim().replace(/^[-+]/, ''));
  return negative ? -ms : ms;
});

export const url = (protocols: readonly string[]) =>
  builder((raw) => {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw new Error(`is not a URL`);
    }
    if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) {
      throw new Error(`must use ${protocols.join(' or ')}, not ${parsed.protocol.replace(/:$/, '')}`);
    }
    return raw.replace(/\/+$/, '');
  });

const listItems = (raw: string): string[] =>
  raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

export const list = builder(listItems);

/** Comma-separated IP addresses and CIDR ranges, IPv4 or IPv6; an entry that is neither fails start-up. */
export const addressRanges = builder((raw) => new AddressRanges(listItems(raw)));

/** Express `trust proxy`: how many proxy hops to trust, or which proxies (addresses, CIDR ranges, named ranges). */
export type TrustProxy = number | readonly string[];
const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

export const trustProxy = builder((raw): TrustProxy => {
  if (/^\d+$/.test(raw.trim())) {
    const hops = Number(raw.trim());
    if (hops > 10) throw new Error(`${raw} hops is more proxies than any deployment has (at most 10)`);
    return hops;
  }
  const entries = listItems(raw);
  if (entries.length === 0) throw new Error('is empty: give a hop count, addresses or CIDR ranges, or loopback');
  // Validates each address or range (the named ranges are Express's own); throws naming the first bad entry.
  new AddressRanges(entries.filter((entry) => !NAMED_RANGES.includes(entry)));
  return entries;
});

export const oneOf = <const V extends readonly string[]>(values: V) =>
  builder((raw) => {
    if (!values.includes(raw)) throw new Error(`"${raw}" is not one of ${values.join(', ')}`);
    return raw as V[number];
  });

/** `pending=2m,submitting=5m`: a duration per name, each name from `names`. */
export const durationMap = <const N extends readonly string[]>(names: N) =>
  builder((raw) => {
    const result: Partial<Record<N[number], number>> = {};
    for (const pair of raw
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const [name, value, extra] = pair.split('=');
      if (value === undefined || extra !== undefined) throw new Error(`"${pair}" is not name=duration`);
      if (!names.includes(name)) throw new Error(`"${name}" is not one of ${names.join(', ')}`);
      result[name as N[number]] = parseDurationOrThrow(value);
    }
    return result;
  });
