import { canonicalJson, requestHash } from './request-hash';

describe('request hash', () => {
  it('ignores key order at every depth', () => {
    const a = { amount: '1', beneficiary: { name: 'A B', iban: 'TR1' }, metadata: { x: '1', y: '2' } };
    const b = { metadata: { y: '2', x: '1' }, beneficiary: { iban: 'TR1', name: 'A B' }, amount: '1' };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(requestHash(a)).toBe(requestHash(b));
  });

  it('tells apart bodies that differ in a value, a type or an array order', () => {
    const base = { amount: '1', tags: ['a', 'b'] };
    expect(requestHash(base)).not.toBe(requestHash({ ...base, amount: '2' }));
    expect(requestHash(base)).not.toBe(requestHash({ ...base, amount: 1 }));
    expect(requestHash(base)).not.toBe(requestHash({ ...base, tags: ['b', 'a'] }));
  });

  it('treats an absent field and an undefined one alike, but not null', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
    expect(canonicalJson({ a: 1, b: null })).toBe('{"a":1,"b":null}');
  });

  it('is a SHA-256 hex digest', () => {
    expect(requestHash({})).toMatch(/^[0-9a-f]{64}$/);
  });
});
