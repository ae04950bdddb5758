import { ValidationError, ValidationPipe } from '@nestjs/common';
import type { FieldError } from '@libs/platform/errors';
import { ProblemError } from './error-codes';

/** class-validator errors as field errors, each named by its path (`beneficiary.iban`). */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** class-validator errors as problem+json with every field named by its path (`beneficiary.iban`). */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fieldErrors = flattenValidationErrors(errors);
      return new ProblemError(
        'validation_failed',
        fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; '),
        fieldErrors,
      );
    },
  });
}
