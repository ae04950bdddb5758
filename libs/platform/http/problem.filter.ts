import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { isErrorCode, type ErrorCode, type FieldError } from '@libs/platform/errors';

/** The HTTP status of each error code: the one place that knows them (style.md §7). */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  batch_invalid: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  invalid_state: 409,
  idempotency_key_in_use: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  rate_limited: 429,
  internal: 500,
  service_unavailable: 503,
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: FieldError[];
  errorId?: string;
}

const TITLES: Record<ErrorCode, string> = {
  validation_failed: 'The request is not valid',
  batch_invalid: 'The batch is not valid',
  unauthorized: 'Authentication required',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  idempotency_key_reused: 'Idempotency-Key reused with another request',
  idempotency_key_in_use: 'A request with this Idempotency-Key is still running',
  invalid_state: 'Not possible in the current state',
  rate_limited: 'Too many requests',
  payload_too_large: 'Request body too large',
  unsupported_media_type: 'Unsupported media type',
  internal: 'Internal error',
  service_unavailable: 'Temporarily unavailable',
};

const CODE_BY_HTTP_STATUS: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'not_found',
  409: 'invalid_state',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_failed',
  429: 'rate_limited',
  503: 'service_unavailable',
};

export function problemOf(code: ErrorCode, detail: string, errors?: FieldError[]): Problem {
  return {
    type: `https://payouts.internal/problems/${code.replace(/_/g, '-')}`,
    title: TITLES[code],
    status: ERROR_STATUS[code],
    detail,
    code,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

/** Every error leaves as RFC 9457 problem+json; anything unexpected is `internal` with an id that is also logged. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { problem, headers } = this.toProblem(exception);
    if (response.headersSent) return;
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown): { problem: Problem; headers: Record<string, string> } {
    const error = exception as {
      code?: unknown;
      errors?: FieldError[];
      message?: string;
      headers?: Record<string, string>;
      httpStatus?: unknown;
    };
    if (exception instanceof Error && isErrorCode(error.code)) {
      const problem = problemOf(error.code, exception.message, error.errors);
      // The same code under another status where the contract names one: a well-formed request no provider can carry
      // out is `422 validation_failed` (api.md, currency), a malformed one `400`.
      if (typeof error.httpStatus === 'number' && error.httpStatus >= 400 && error.httpStatus < 500) {
        problem.status = error.httpStatus;
      }
      return { problem, headers: error.headers ?? {} };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = CODE_BY_HTTP_STATUS[status] ?? (status >= 500 ? 'internal' : 'validation_failed');
      const body = exception.getResponse();
      const detail =
        typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string'
          ? body.message
          : exception.message;
      return { problem: { ...problemOf(code, detail), status }, headers: {} };
    }
    const httpStatus = (exception as { status?: unknown; type?: unknown }).status;
    if (typeof httpStatus === 'number' && httpStatus >= 400 && httpStatus < 500) {
      // body-parser errors (malformed JSON, too large) carry a status and no HttpException.
      const code = CODE_BY_HTTP_STATUS[httpStatus] ?? 'validation_failed';
      const detail = httpStatus === 413 ? 'the request body is too large' : 'the request body is not valid JSON';
      return { problem: { ...problemOf(code, detail), status: httpStatus }, headers: {} };
    }
    const errorId = randomUUID();
    this.logger.error({ err: exception, errorId }, 'unhandled error');
    return {
      problem: { ...problemOf('internal', `unexpected error; quote error id ${errorId}`), errorId },
      headers: {},
    };
  }
}
