import { ERROR_CODES, isErrorCode } from './error-code';

describe('ERROR_CODES', () => {
  it('knows the codes of api.md', () => {
    expect(ERROR_CODES).toEqual([
      'validation_failed',
      'batch_invalid',
      'unauthorized',
      'forbidden',
      'not_found',
      'idempotency_key_reused',
      'idempotency_key_in_use',
      'invalid_state',
      'rate_limited',
      'payload_too_large',
      'unsupported_media_type',
      'internal',
      'service_unavailable',
    ]);
  });

  it('tells a code from any other value', () => {
    expect(isErrorCode('invalid_state')).toBe(true);
    expect(isErrorCode('teapot')).toBe(false);
    expect(isErrorCode(409)).toBe(false);
  });
});
