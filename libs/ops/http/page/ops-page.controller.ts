import { Body, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AuthenticatedClient } from '@libs/clients';
import { PayoutChangedError } from '@libs/payouts/application';
import { DomainValidationError, PayoutError } from '@libs/payouts/domain';
import { parseDurationOrThrow } from '@libs/platform/config';
import {
  DecideApproval,
  ReadOpsCharts,
  ReadOpsBalances,
  ReadOpsOverview,
  ReadOpsPayout,
  PROGRAM_CURSORS,
  ReadOpsPrograms,
  RefreshPayout,
  ResolvePayout,
  RESOLUTIONS,
  SearchPayouts,
  type ApprovalDecision,
  type ApprovalSubject,
  type OverviewParams,
  type ProgramsParams,
  type Resolution,
} from '../../application';
import { ReadReconciliationRuns } from '@libs/reconciliation';
import { writeChunks } from '@libs/platform/http';
import { isSameOrigin, OpsAccess, OpsAccessError } from '../access/ops-access';
import { OpsPages } from './ops-pages.decorator';
import { opsPage, type OpsPageData } from './ops.view';
import {
  RECONCILIATION_ITEMS_SHOWN,
  RECONCILIATION_RUNS_SHOWN,
  type ReconciliationSectionData,
} from './reconciliation.view';
import {
  payoutChangedPage,
  payoutPage,
  resolveConfirmPage,
  searchPage,
  type Notice,
  type PayoutPageData,
} from './payout.view';
import { sendPage } from './send-page';

/** A form post's fields (urlencoded), unvalidated: each handler reads only what it knows. */
type PostedForm = Record<string, unknown> | undefined;

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
@OpsPages()
export class OpsPageController {
  constructor(
    @Inject(OpsAccess) private readonly access: OpsAccess,
    @Inject(ReadOpsOverview) private readonly overview: ReadOpsOverview,
    @Inject(RefreshPayout) private readonly refreshPayout: RefreshPayout,
    @Inject(ReadOpsPayout) private readonly readPayout: ReadOpsPayout,
    @Inject(SearchPayouts) private readonly searchPayouts: SearchPayouts,
    @Inject(ResolvePayout) private readonly resolvePayout: ResolvePayout,
    @Inject(ReadOpsCharts) private readonly charts: ReadOpsCharts,
    @Inject(ReadOpsBalances) private readonly balances: ReadOpsBalances,
    @Inject(ReadOpsPrograms) private readonly programs: ReadOpsPrograms,
    @Inject(DecideApproval) private readonly decideApproval: DecideApproval,
    @Inject(ReadReconciliationRuns) private readonly reconciliation: ReadReconciliationRuns,
  ) {}

  /**
   * The approvals queue is a section of /ops (its approve and reject forms post to /ops/payouts|batches/{id}/approve|
   * reject); this address, linked from every page, leads there.
   */
  @Get('approvals')
  async approvals(@Req() request: Request, @Res() response: Response) {
    await this.access.requireOrThrow(request, 'ops:read');
    response.redirect(303, '/ops#approvals');
  }

  @Get()
  async page(@Req() request: Request, @Res() response: Response, @Query() query: Record<string, unknown>) {
    const client = await this.access.requireOrThrow(request, 'ops:read');
    const olderThan =
      typeof query.olderThan === 'string' && DURATION.test(query.olderThan) ? query.olderThan : undefined;
    const now = new Date();
    const [overview, charts, programs, balances, reconciliation] = await Promise.all([
      this.overview.execute(
        {
          ...(olderThan === undefined ? {} : { olderThanMs: parseDurationOrThrow(olderThan) }),
          ...cursorsOf(query),
        },
        now,
      ),
      this.charts.execute(now),
      this.programs.execute(programCursorsOf(query), now),
      this.balances.execute(),
      this.lastReconciliationRuns(),
    ]);
    const data: OpsPageData = {
      signedInAs: client.name,
      canWrite: client.scopes.includes('ops:write'),
      now,
      ...overview,
      programs,
      viewer: {
        clientId: client.id,
        canApprove: client.scopes.includes('payouts:approve'),
        decidesBatches: this.decideApproval.decidesBatches,
      },
      charts,
      balances,
      reconciliation,
      ...(olderThan ? { olderThan } : {}),
      ...(queueDecisionNoticeOf(query) ?? noticeOf(query)),
    };
    sendPage(response, opsPage(data));
  }

  /** A run's discrepancies as CSV for a signed-in reader (the API's items.csv needs a key, a browser has a session). */
  @Get('reconciliation/runs/:id/items.csv')
  async reconciliationCsv(@Req() request: Request, @Res() response: Response, @Param('id') id: string) {
    await this.access.requireOrThrow(request, 'ops:read');
    const chunks = this.reconciliation.csv(id);
    const first = await chunks.next();
    response.status(200);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="reconciliation-${id.slice(0, 36)}.csv"`);
    await writeChunks(response, first, chunks);
  }

  private async lastReconciliationRuns(): Promise<ReconciliationSectionData> {
    const { data } = await this.reconciliation.list(RECONCILIATION_RUNS_SHOWN);
    const runs = await Promise.all(
      data.map(async (run) => ({
        run,
        items: (await this.reconciliation.items(run.id, { limit: RECONCILIATION_ITEMS_SHOWN })).data,
      })),
    );
    return { runs };
  }

  /**
   * The approvals queue's decisions (programs.md "Ops page"), as the signed-in client: it must hold payouts:approve,
   * and the approvals use case refuses its own client's payouts and a second approval. A reject without a reason is
   * refused before anything is called. Back to the queue with what became of it.
   */
  @Post('payouts/:id/approve')
  approvePayout(@Param('id') id: string, @Body() body: PostedForm, @Req() request: Request, @Res() response: Response) {
    return this.decideFromQueue('payout', id, 'approve', body, request, response);
  }

  @Post('payouts/:id/reject')
  rejectPayout(@Param('id') id: string, @Body() body: PostedForm, @Req() request: Request, @Res() response: Response) {
    return this.decideFromQueue('payout', id, 'reject', body, request, response);
  }

  @Post('batches/:id/approve')
  approveBatch(@Param('id') id: string, @Body() body: PostedForm, @Req() request: Request, @Res() response: Response) {
    return this.decideFromQueue('batch', id, 'approve', body, request, response);
  }

  @Post('batches/:id/reject')
  rejectBatch(@Param('id') id: string, @Body() body: PostedForm, @Req() request: Request, @Res() response: Response) {
    return this.decideFromQueue('batch', id, 'reject', body, request, response);
  }

  private async decideFromQueue(
    subject: ApprovalSubject,
    id: string,
    decision: ApprovalDecision,
    body: PostedForm,
    request: Request,
    response: Response,
  ): Promise<void> {
    if (!UUID.test(id)) throw new PayoutError('not_found', `no such ${subject}`);
    const client = await this.access.requireOrThrow(request, 'payouts:approve');
    if (!isSameOrigin(request)) throw new OpsAccessError('forbidden', 'this form must be sent from the ops page');
    const subjectId = id.toLowerCase();
    const reason = typeof body?.reason === 'string' ? body.reason : '';
    const back = (outcome: string) =>
      response.redirect(303, `/ops?decided=${subjectId}&subject=${subject}&${outcome}#approvals`);
    // The browser already asks for it (the field is required but for Approve); a post without one changes nothing.
    if (decision === 'reject' && reason.trim() === '') {
      back('error=reason_required');
      return;
    }
    if (subject === 'batch' && !this.decideApproval.decidesBatches) {
      back('error=batch_unavailable');
      return;
    }
    try {
      await this.decideApproval.execute(subject, subjectId, decision, { id: client.id, name: client.name }, reason);
      back(`decision=${decision === 'approve' ? 'approved' : 'rejected'}`);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const known = typeof code === 'string' && code in QUEUE_DECISION_ERRORS ? code : undefined;
      if (!known) throw error;
      back(`error=${known}`);
    }
  }

  @Post('payouts/:id/refresh')
  async refresh(@Param('id') id: string, @Body() body: PostedForm, @Req() request: Request, @Res() response: Response) {
    const client = await this.formSenderOrThrow(request);
    const payoutId = payoutIdOrThrow(id);
    // Like every mutating ops call, a refresh says why (api.md); the form asks for it, and a post without one changes
    // nothing and writes no audit row.
    const reason = typeof body?.reason === 'string' ? body.reason.trim().slice(0, 500) : '';
    // From the payout page, back to it; from the overview, back to the stuck list.
    const back = body?.back === 'payout' ? `/ops/payouts/${payoutId}?` : '/ops?';
    const anchor = body?.back === 'payout' ? '#summary' : '#stuck';
    if (reason === '') {
      response.redirect(303, `${back}refreshed=${payoutId}&error=reason_required${anchor}`);
      return;
    }
    try {
      const result = await this.refreshPayout.execute(payoutId, { id: client.id, name: client.name }, reason);
      response.redirect(
        303,
        `${back}refreshed=${payoutId}&outcome=${encodeURIComponent(result.outcome)}&status=${result.payout.status}${anchor}`,
      );
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const known = typeof code === 'string' && code in REFRESH_ERRORS ? code : 'internal';
      if (known === 'internal') throw error;
      response.redirect(303, `${back}refreshed=${payoutId}&error=${known}${anchor}`);
    }
  }

  @Get('search')
  async search(@Req() request: Request, @Res() response: Response, @Query() query: Record<string, unknown>) {
    const client = await this.access.requireOrThrow(request, 'ops:read');
    const term = typeof query.q === 'string' ? query.q : '';
    const cursor = typeof query.cursor === 'string' && query.cursor !== '' ? query.cursor : undefined;
    if (term.trim() === '') {
      sendPage(response, searchPage({ signedInAs: client.name, term: '' }));
      return;
    }
    try {
      const result = await this.searchPayouts.execute({ q: term, ...(cursor ? { cursor } : {}) });
      // One exact hit by payout id: straight to its page.
      if (!cursor && result.data.length === 1 && result.data[0].id === term.trim().toLowerCase()) {
        response.redirect(303, `/ops/payouts/${result.data[0].id}`);
        return;
      }
      sendPage(response, searchPage({ signedInAs: client.name, term, result }));
    } catch (error) {
      if (!(error instanceof DomainValidationError)) throw error;
      const notice = { kind: 'error' as const, text: error.errors.map((e) => e.message).join('; ') };
      // The term is shown back only when it is not what was refused (a whole IBAN is never echoed).
      sendPage(response, searchPage({ signedInAs: client.name, term: '', notice }), 400);
    }
  }

  @Get('payouts/:id')
  async payout(
    @Param('id') id: string,
    @Req() request: Request,
    @Res() response: Response,
    @Query() query: Record<string, unknown>,
  ) {
    const client = await this.access.requireOrThrow(request, 'ops:read');
    const payoutId = payoutIdOrThrow(id);
    const eventsAfter = typeof query.eventsAfter === 'string' ? query.eventsAfter : undefined;
    const attemptsAfter = typeof query.attemptsAfter === 'string' ? query.attemptsAfter.toLowerCase() : undefined;
    const page = await this.readPayout.execute(
      payoutId,
      { ...(eventsAfter ? { eventsAfter } : {}), ...(attemptsAfter ? { attemptsAfter } : {}) },
      new Date(),
    );
    sendPage(
      response,
      payoutPage({
        signedInAs: client.name,
        canWrite: client.scopes.includes('ops:write'),
        page,
        ...payoutNoticeOf(payoutId, query),
      }),
    );
  }

  /**
   * Two steps, both posted from our own pages: `review` shows what will be sent and asks again; only `confirm`
   * resolves (ResolvePayout: the state machine, the audit row, the event with the actor, reason and evidence).
   */
  @Post('payouts/:id/resolve')
  async resolve(@Param('id') id: string, @Body() body: PostedForm, @Req() request: Request, @Res() response: Response) {
    const client = await this.formSenderOrThrow(request);
    const payoutId = payoutIdOrThrow(id);
    const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
    const draft = { status: text(body?.status), reason: text(body?.reason), evidence: text(body?.evidence) };
    const failureCode = text(body?.failureCode);
    const status = (RESOLUTIONS as readonly string[]).includes(draft.status) ? (draft.status as Resolution) : undefined;
    const again = async (notice: Notice, httpStatus: number) => {
      const page = await this.readPayout.execute(payoutId, {}, new Date());
      const data: PayoutPageData = { signedInAs: client.name, canWrite: true, page, notice, draft };
      sendPage(response, payoutPage(data), httpStatus);
    };
    if (body?.step !== 'confirm') {
      const missing = [
        ...(status ? [] : ['succeeded or failed']),
        ...(draft.reason ? [] : ['a reason']),
        ...(draft.evidence ? [] : ['evidence']),
      ];
      if (missing.length > 0) {
        await again({ kind: 'error', text: `To resolve, give ${missing.join(', ')}.` }, 400);
        return;
      }
      const page = await this.readPayout.execute(payoutId, {}, new Date());
      sendPage(
        response,
        resolveConfirmPage({
          signedInAs: client.name,
          payout: page.payout,
          status: status as Resolution,
          ...(status === 'failed' && failureCode ? { failureCode } : {}),
          reason: draft.reason,
          evidence: draft.evidence,
        }),
      );
      return;
    }
    // The version the review showed: a confirm is only for the payout as it was reviewed.
    const reviewed = text(body?.version);
    if (!/^\d{1,9}$/.test(reviewed)) {
      await again({ kind: 'error', text: 'Not resolved: review the payout again before confirming.' }, 400);
      return;
    }
    try {
      await this.resolvePayout.execute(
        payoutId,
        {
          status: draft.status,
          reason: draft.reason,
          evidence: draft.evidence,
          ...(failureCode ? { failureCode } : {}),
        },
        { id: client.id, name: client.name },
        { expectedVersion: Number(reviewed) },
      );
      response.redirect(303, `/ops/payouts/${payoutId}?resolved=${draft.status}#timeline`);
    } catch (error) {
      if (error instanceof PayoutChangedError) {
        sendPage(response, payoutChangedPage({ signedInAs: client.name, payoutId }), 409);
        return;
      }
      if (!(error instanceof PayoutError) || !['validation_failed', 'invalid_state'].includes(error.code)) throw error;
      await again(
        { kind: 'error', text: `Not resolved: ${error.message}` },
        error.code === 'invalid_state' ? 409 : 400,
      );
    }
  }

  /** Who posted a form that changes a payout: an ops:write client, from one of our own pages (no cross-site post). */
  private async formSenderOrThrow(request: Request): Promise<AuthenticatedClient> {
    const client = await this.access.requireOrThrow(request, 'ops:write');
    if (!isSameOrigin(request)) throw new OpsAccessError('forbidden', 'this form must be sent from the ops page');
    return client;
  }
}

/** The lists' page cursors from the query; ReadOpsOverview refuses one it did not give. */
function cursorsOf(
  query: Record<string, unknown>,
): Pick<OverviewParams, 'stuckAfter' | 'attentionAfter' | 'orphansAfter'> {
  const cursors: Pick<OverviewParams, 'stuckAfter' | 'attentionAfter' | 'orphansAfter'> = {};
  for (const name of ['stuckAfter', 'attentionAfter', 'orphansAfter'] as const) {
    const value = query[name];
    if (typeof value === 'string' && value !== '') cursors[name] = value;
  }
  return cursors;
}

/** What a decision redirect may say; the page shows fixed words for it, never text taken from the URL. */
const QUEUE_DECISION_ERRORS: Record<string, string> = {
  reason_required: 'a rejection needs a reason',
  batch_unavailable: 'batch decisions are not available yet',
  validation_failed: 'the reason must be plain text of at most 500 characters',
  invalid_state: 'it is no longer awaiting approval',
  forbidden: 'your client created it or has approved it already; another approver decides',
  not_found: 'no such payout or batch',
};

/** The result of an approval decision, passed through the redirect; only known words and an id are shown. */
function queueDecisionNoticeOf(query: Record<string, unknown>): Pick<OpsPageData, 'notice'> | undefined {
  const id = typeof query.decided === 'string' && UUID.test(query.decided) ? query.decided : undefined;
  if (!id) return undefined;
  const what = query.subject === 'batch' ? 'Batch' : 'Payout';
  const error = typeof query.error === 'string' ? QUEUE_DECISION_ERRORS[query.error] : undefined;
  if (error) return { notice: { kind: 'error', text: `${what} ${id} not decided: ${error}.` } };
  if (query.decision === 'approved' || query.decision === 'rejected') {
    return { notice: { kind: 'ok', text: `${what} ${id} ${query.decision}; your decision is on its timeline.` } };
  }
  return undefined;
}

/** The program lists' page cursors from the query; ReadOpsPrograms refuses one it did not give. */
function programCursorsOf(query: Record<string, unknown>): ProgramsParams {
  const cursors: ProgramsParams = {};
  for (const name of PROGRAM_CURSORS) {
    const value = query[name];
    if (typeof value === 'string' && value !== '') cursors[name] = value;
  }
  return cursors;
}

function payoutIdOrThrow(id: string): string {
  if (!UUID.test(id)) throw new PayoutError('not_found', 'no such payout');
  return id.toLowerCase();
}

/** The payout page's notice after a refresh or a resolve; only known words are shown. */
function payoutNoticeOf(payoutId: string, query: Record<string, unknown>): { notice?: Notice } {
  if (query.resolved === 'succeeded' || query.resolved === 'failed') {
    return { notice: { kind: 'ok', text: `Resolved as ${query.resolved}; your reason is on the timeline.` } };
  }
  return query.refreshed === payoutId ? noticeOf(query) : {};
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
