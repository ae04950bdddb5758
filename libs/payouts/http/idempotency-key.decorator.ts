import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ProblemError } from '@libs/platform/http';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IDEMPOTENCY_KEY_LENGTH = { min: 1, max: 255 } as const;

/** The Idempotency-Key header, required and 1..255 characters; a problem names it as the field. */
export const IdempotencyKey = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const value = context.switchToHttp().getRequest<Request>().headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()];
  const { min, max } = IDEMPOTENCY_KEY_LENGTH;
  const problem =
    value === undefined
      ? 'is required: send a unique key per payout, and the same key when you retry'
      : typeof value !== 'string'
        ? 'must be sent once'
        : value.length < min || value.length > max
          ? `must be ${min} to ${max} characters`
          : undefined;
  if (problem !== undefined) {
    throw new ProblemError('validation_failed', `${IDEMPOTENCY_KEY_HEADER} ${problem}`, [
      { field: IDEMPOTENCY_KEY_HEADER, message: problem },
    ]);
  }
  return value as string;
});
