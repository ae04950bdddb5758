import { ConfigOf, ConfigSlice, ConfigSpec } from './config-entry';

export type Environment = Readonly<Record<string, string | undefined>>;

export interface LoadedSlice<S extends ConfigSpec> {
  value: ConfigOf<S>;
  problems: string[];
}

/** Parses one slice; never throws: every problem is one line naming the variable. Secret values never appear. */
export function loadSlice<S extends ConfigSpec>(slice: ConfigSlice<S>, env: Environment): LoadedSlice<S> {
  const problems: string[] = [];
  const value: Record<string, unknown> = {};
  for (const [field, entry] of Object.entries(slice.spec)) {
    const given = env[entry.env];
    const raw = given === undefined || given === '' ? entry.defaultText : given;
    if (raw === undefined) {
      if (entry.required) problems.push(`${entry.env} is missing: ${entry.description}`);
      value[field] = undefined;
      continue;
    }
    try {
      value[field] = entry.parse(raw);
    } catch (error) {
      const reason = (error as Error).message;
      problems.push(entry.secret ? `${entry.env} is invalid` : `${entry.env} is invalid: ${reason}`);
    }
  }
  const typed = value as ConfigOf<S>;
  if (problems.length === 0 && slice.check) problems.push(...slice.check(typed));
  return { value: typed, problems };
}

export function collectProblems(slices: readonly ConfigSlice[], env: Environment): string[] {
  return slices.flatMap((slice) => loadSlice(slice, env).problems);
}

/** Every configured secret value, so the logger can redact it wherever it appears. */
export function secretValues(slices: readonly ConfigSlice[], env: Environment): string[] {
  const values = new Set<string>();
  for (const slice of slices) {
    for (const entry of Object.values(slice.spec)) {
      if (!entry.secret) continue;
      const raw = env[entry.env] || entry.defaultText;
      for (const part of (raw ?? '').split(',')) if (part.trim().length >= 6) values.add(part.trim());
    }
  }
  return [...values];
}
