import { AdminCallError } from './admin-call-error';

class ExampleError extends AdminCallError<'validation_failed' | 'not_found'> {
  override readonly name = 'ExampleError';
}

describe('AdminCallError', () => {
  it('builds validation_failed as the subclass it is called on, naming every field in order', () => {
    const error = ExampleError.invalid([
      { field: 'date', message: 'must be YYYY-MM-DD' },
      { field: 'reason', message: 'is required' },
    ]);
    expect(error).toBeInstanceOf(ExampleError);
    expect(error.name).toBe('ExampleError');
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe('date: must be YYYY-MM-DD; reason: is required');
    expect(error.errors?.map((e) => e.field)).toEqual(['date', 'reason']);
  });
});
