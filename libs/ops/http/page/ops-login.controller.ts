import { Body, Get, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { callerAddressOf, FailedAttemptBudget, OPS_LOGIN_BUDGET, rateLimited } from '@libs/clients';
import { isSameOrigin, OpsAccess, OpsAccessError } from '../access/ops-access';
import { loginPage } from './login.view';
import { OpsPages } from './ops-pages.decorator';
import { sendPage } from './send-page';

/**
 * GET/POST /ops/login and POST /ops/logout: an API key in, an HTTP-only session cookie out. Failed sign-ins spend a
 * per-address budget (OPS_LOGIN_FAILURE_LIMIT per OPS_LOGIN_FAILURE_WINDOW); once spent, the form answers 429 before
 * looking the key up, so the form cannot be used to guess keys.
 */
@OpsPages()
export class OpsLoginController {
  constructor(
    @Inject(OpsAccess) private readonly access: OpsAccess,
    @Inject(OPS_LOGIN_BUDGET) private readonly failures: FailedAttemptBudget,
  ) {}

  @Get('login')
  async form(@Req() request: Request, @Res() response: Response) {
    const client = await this.access.identify(request);
    if (client?.scopes.includes('ops:read')) return response.redirect(303, '/ops');
    sendPage(response, loginPage());
  }

  @Post('login')
  async login(@Body() body: Record<string, unknown> | undefined, @Req() request: Request, @Res() response: Response) {
    if (!isSameOrigin(request)) throw new OpsAccessError('forbidden', 'sign in from the ops login page');
    const address = callerAddressOf(request);
    const waitSeconds = await this.failures.retryAfterSeconds(address);
    if (waitSeconds > 0) throw this.tooManyFailures(waitSeconds);
    const key = typeof body?.key === 'string' ? body.key : '';
    const result = await this.access.login(key);
    if (!result.ok) {
      const spentSeconds = await this.failures.recordFailure(address);
      if (spentSeconds > 0) throw this.tooManyFailures(spentSeconds);
      return sendPage(response, loginPage({ error: result.reason }), 401);
    }
    response.setHeader('Set-Cookie', this.access.sessionCookie(result.sessionId, request.secure));
    response.redirect(303, '/ops');
  }

  @Post('logout')
  async logout(@Req() request: Request, @Res() response: Response) {
    if (!isSameOrigin(request)) throw new OpsAccessError('forbidden', 'sign out from the ops page');
    await this.access.logout(request);
    response.setHeader('Set-Cookie', this.access.clearedCookie(request.secure));
    response.redirect(303, '/ops/login');
  }

  private tooManyFailures(waitSeconds: number) {
    const minutes = Math.round(this.failures.windowMs / 60_000);
    return rateLimited(
      `more than ${this.failures.limit} failed sign-ins in ${minutes} min from this address`,
      waitSeconds,
    );
  }
}
