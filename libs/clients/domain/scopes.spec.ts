import { InvalidScopesError, parseScopesOrThrow, SCOPES } from './scopes';

describe('scopes', () => {
  it('parses a comma-separated list into the canonical order, without duplicates', () => {
    expect(parseScopesOrThrow(' ops:read,payouts:write ,payouts:write')).toEqual(['payouts:write', 'ops:read']);
    expect(parseScopesOrThrow(SCOPES.join(','))).toEqual([...SCOPES]);
  });

  it('refuses unknown scopes, naming them and the known ones', () => {
    expect(() => parseScopesOrThrow('payouts:write,payouts:admin')).toThrow(InvalidScopesError);
    expect(() => parseScopesOrThrow('payouts:write,payouts:admin')).toThrow(
      /unknown scope\(s\) payouts:admin; known scopes are payouts:write/,
    );
  });

  it('refuses an empty list', () => {
    expect(() => parseScopesOrThrow(' , ')).toThrow(/at least one scope/);
  });
});
