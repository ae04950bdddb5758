import { DomainValidationError, PayoutError } from './domain-error';

describe('PayoutError', () => {
  it('carries a stable code and its message', () => {
    const error = new PayoutError('invalid_state', 'a payout in status processing cannot be canceled');
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('invalid_state');
    expect(error.message).toBe('a payout in status processing cannot be canceled');
  });
});

describe('DomainValidationError', () => {
  it('is a validation_failed PayoutError listing every field in its message', () => {
    const error = new DomainValidationError([
      { field: 'amount', message: 'must be greater than zero' },
      { field: 'beneficiary.iban', message: 'is required' },
    ]);
    expect(error).toBeInstanceOf(PayoutError);
    expect(error.code).toBe('validation_failed');
    expect(error.errors.map((e) => e.field)).toEqual(['amount', 'beneficiary.iban']);
    expect(error.message).toBe('amount: must be greater than zero; beneficiary.iban: is required');
  });
});
