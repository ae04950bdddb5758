/** What an API key may do (api.md). A key carries a subset; routes declare what they need with `@Scopes(...)`. */
export const SCOPES = [
  'payouts:write',
  'payouts:read',
  'payouts:approve',
  'ops:read',
  'ops:write',
  'routing:admin',
] as const;
export type Scope = (typeof SCOPES)[number];

export const isScope = (value: unknown): value is Scope =>
  typeof value === 'string' && (SCOPES as readonly string[]).includes(value);

export class InvalidScopesError extends Error {
  override readonly name = 'InvalidScopesError';
}

/** `payouts:write,payouts:read` -> the scopes, de-duplicated in the canonical order; unknown ones throw. */
export function parseScopesOrThrow(text: string): Scope[] {
  const given = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (given.length === 0) throw new InvalidScopesError(`give at least one scope: ${SCOPES.join(', ')}`);
  const unknown = given.filter((scope) => !isScope(scope));
  if (unknown.length > 0) {
    throw new InvalidScopesError(`unknown scope(s) ${unknown.join(', ')}; known scopes are ${SCOPES.join(', ')}`);
  }
  return SCOPES.filter((scope) => given.includes(scope));
}
