import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { isErrorCode } from '@libs/platform/errors';
import { ERROR_STATUS, ProblemError } from '@libs/platform/http';
import { OpsAccessError } from '../access/ops-access';
import { errorPage } from './login.view';
import { sendPage } from './send-page';

/** Errors of the browser pages: no session -> the login form; anything else -> an HTML page, not problem+json. */
@Catch()
export class OpsPageFilter implements ExceptionFilter {
  private readonly logger = new Logger('OpsPage');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    if (exception instanceof OpsAccessError && exception.kind === 'login') {
      response.redirect(303, '/ops/login');
      return;
    }
    if (exception instanceof OpsAccessError) {
      sendPage(response, errorPage({ status: 403, message: exception.message }), 403);
      return;
    }
    const code = (exception as { code?: unknown }).code;
    if (exception instanceof ProblemError) {
      // Retry-After of a spent request budget, as on the JSON API.
      for (const [name, value] of Object.entries(exception.headers ?? {})) response.setHeader(name, value);
    }
    if (exception instanceof Error && isErrorCode(code)) {
      sendPage(response, errorPage({ status: ERROR_STATUS[code], message: exception.message }), ERROR_STATUS[code]);
      return;
    }
    if (exception instanceof HttpException) {
      sendPage(
        response,
        errorPage({ status: exception.getStatus(), message: exception.message }),
        exception.getStatus(),
      );
      return;
    }
    const errorId = randomUUID();
    this.logger.error({ err: exception, errorId }, 'ops page failed');
    sendPage(response, errorPage({ status: 500, message: `unexpected error; quote error id ${errorId}` }), 500);
  }
}
