import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '@libs/clients';
import { PayoutError } from '@libs/payouts/domain';
import { parseDurationOrThrow } from '@libs/platform/config';
import { ReadOpsOverview, RefreshPayout } from '../../application';
import { isSameOrigin, OpsAccess, OpsAccessError } from '../access/ops-access';
import { OpsPageFilter } from './ops-page.filter';
import { opsPage, type OpsPageData } from './ops.view';
import { sendPage } from './send-page';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DURATION = /^\d{1,9}(ms|s|m|h|d)$/;

/** What the refresh redirect may say; the page shows fixed words for it, never text taken from the URL. */
const REFRESH_ERRORS: Record<string, string> = {
  reason_required: 'say why you refresh it (the reason goes to the audit log)',
  invalid_state: 'it is not in a status that is looked up at a provider',
  rate_limited: "the provider's request budget is spent; try again shortly",
  not_found: 'no such payout',
  internal: 'the lookup failed; see the logs',
};

/** The page for people on call (api.md "Ops"): server-rendered, no scripts, behind the ops login. */
@Public()
@ApiExcludeController()
@UseFilters(OpsPageFilter)
@Controller('ops')
export class OpsPageController {
  constructor(
    @Inject(OpsAccess) private readonly access: OpsAccess,
    @Inject(ReadOpsOverview) private readonly overview: ReadOpsOverview,
    @Inject(RefreshPayout) private readonly refreshPayout: RefreshPayout,
  ) {}

  @Get()
  async page(@Req() request: Request, @Res() response: Response, @Query() query: Record<string, unknown>) {
    const client = await this.access.requireOrThrow(request, 'ops:read');
    const olderThan =
      typeof query.olderThan === 'string' && DURATION.test(query.olderThan) ? query.olderThan : undefined;
    const now = new Date();
    const overview = await this.overview.execute(
      olderThan === undefined ? {} : { olderThanMs: parseDurationOrThrow(olderThan) },
      now,
    );
    const data: OpsPageData = {
      signedInAs: client.name,
      canWrite: client.scopes.includes('ops:write'),
      now,
      ...overview,
      ...(olderThan ? { olderThan } : {}),
      ...noticeOf(query),
    };
    sendPage(response, opsPage(data));
  }

  @Post('payouts/:id/refresh')
  async refresh(
    @Param('id') id: string,
    @Body() body: Record<string, unknown> | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const client = await this.access.requireOrThrow(request, 'ops:write');
    if (!isSameOrigin(request)) throw new OpsAccessError('forbidden', 'this form must be sent from the ops page');
    if (!UUID.test(id)) throw new PayoutError('not_found', 'no such payout');
    const payoutId = id.toLowerCase();
    // Like every mutating ops call, a refresh says why (api.md); the form asks for it, and a post without one changes
    // nothing and writes no audit row.
    const reason = typeof body?.reason === 'string' ? body.reason.trim().slice(0, 500) : '';
    if (reason === '') {
      response.redirect(303, `/ops?refreshed=${payoutId}&error=reason_required#stuck`);
      return;
    }
    try {
      const result = await this.refreshPayout.execute(payoutId, { id: client.id, name: client.name }, reason);
      response.redirect(
        303,
        `/ops?refreshed=${payoutId}&outcome=${encodeURIComponent(result.outcome)}&status=${result.payout.status}#stuck`,
      );
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const known = typeof code === 'string' && code in REFRESH_ERRORS ? code : 'internal';
      if (known === 'internal') throw error;
      response.redirect(303, `/ops?refreshed=${payoutId}&error=${known}#stuck`);
    }
  }
}

/** The result of a refresh, passed through the redirect; only known words and a payout id are shown. */
function noticeOf(query: Record<string, unknown>): Pick<OpsPageData, 'notice'> {
  const id = typeof query.refreshed === 'string' && UUID.test(query.refreshed) ? query.refreshed : undefined;
  if (!id) return {};
  const error = typeof query.error === 'string' ? REFRESH_ERRORS[query.error] : undefined;
  if (error) return { notice: { kind: 'error', text: `Refresh of payout ${id} failed: ${error}.` } };
  const word = (value: unknown) => (typeof value === 'string' && /^[a-z_]{1,32}$/.test(value) ? value : 'unknown');
  return {
    notice: {
      kind: 'ok',
      text: `Refreshed payout ${id}: the provider lookup said ${word(query.outcome)}; the payout is now ${word(query.status)}.`,
    },
  };
}
