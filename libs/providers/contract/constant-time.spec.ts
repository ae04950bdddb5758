import { constantTimeEqual } from './constant-time';

describe('constantTimeEqual', () => {
  it('compares strings and buffers of any length without throwing', () => {
    expect(constantTimeEqual('token-a', 'token-a')).toBe(true);
    expect(constantTimeEqual('token-a', 'token-b')).toBe(false);
    expect(constantTimeEqual('short', 'a much longer value')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
    expect(constantTimeEqual(Buffer.from('abc'), 'abc')).toBe(true);
  });
});
