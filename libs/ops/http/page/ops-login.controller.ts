import { Body, Controller, Get, Inject, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '@libs/clients';
import { isSameOrigin, OpsAccess, OpsAccessError } from '../access/ops-access';
import { loginPage } from './login.view';
import { OpsPageFilter } from './ops-page.filter';
import { sendPage } from './send-page';

/** GET/POST /ops/login and POST /ops/logout: an API key in, an HTTP-only session cookie out. */
@Public()
@ApiExcludeController()
@UseFilters(OpsPageFilter)
@Controller('ops')
export class OpsLoginController {
  constructor(@Inject(OpsAccess) private readonly access: OpsAccess) {}

  @Get('login')
  async form(@Req() request: Request, @Res() response: Response) {
    const client = await this.access.identify(request);
    if (client?.scopes.includes('ops:read')) return response.redirect(303, '/ops');
    sendPage(response, loginPage());
  }

  @Post('login')
  async login(@Body() body: Record<string, unknown> | undefined, @Req() request: Request, @Res() response: Response) {
    if (!isSameOrigin(request)) throw new OpsAccessError('forbidden', 'sign in from the ops login page');
    const key = typeof body?.key === 'string' ? body.key : '';
    const result = await this.access.login(key);
    if (!result.ok) return sendPage(response, loginPage({ error: result.reason }), 401);
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
}
