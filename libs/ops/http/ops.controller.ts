import { Body, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse } from '@nestjs/swagger';
import { ApiKeyController, ApiProblems, CurrentClient, Scopes, type AuthenticatedClient } from '@libs/clients';
import { PayoutDto } from '@libs/payouts';
import { PayoutError } from '@libs/payouts/domain';
import { parseDurationOrThrow } from '@libs/platform/config';
import {
  GetOpsSummary,
  ListLateFlips,
  ListStuckPayouts,
  RefreshPayout,
  ResolvePayout,
  RetryFailedJob,
} from '../application';
import {
  LateFlipsQueryDto,
  RefreshPayoutDto,
  ResolvePayoutDto,
  RetryJobDto,
  StuckQueryDto,
} from './dto/ops-requests.dto';
import { LateFlipPageDto, OpsSummaryDto, RetriedJobDto, StuckPageDto } from './dto/ops-responses.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function payoutIdOrThrow(id: string): string {
  if (!UUID.test(id)) throw new PayoutError('not_found', `no payout ${id.slice(0, 64)}`);
  return id.toLowerCase();
}

const actorOf = (client: AuthenticatedClient) => ({ id: client.id, name: client.name });

@ApiKeyController('ops', 'v1/ops')
export class OpsController {
  constructor(
    @Inject(ListStuckPayouts) private readonly listStuck: ListStuckPayouts,
    @Inject(GetOpsSummary) private readonly getSummary: GetOpsSummary,
    @Inject(RefreshPayout) private readonly refreshPayout: RefreshPayout,
    @Inject(ResolvePayout) private readonly resolvePayout: ResolvePayout,
    @Inject(RetryFailedJob) private readonly retryFailedJob: RetryFailedJob,
    @Inject(ListLateFlips) private readonly listLateFlips: ListLateFlips,
  ) {}

  @Get('contradictions')
  @Scopes('ops:read')
  @ApiOperation({
    operationId: 'listContradictions',
    summary: 'Late flips: outcomes a provider contradicted after the fact, newest first',
    description:
      'The two outcomes that cost money, and any other contradiction: a `failed` payout the provider later reports ' +
      'paid (`paid_after_failed`: refused, the payout stays failed and is flagged), a `succeeded` payout later ' +
      'returned or reported failed (`reversed_after_succeeded`), and any other statement that contradicts what we ' +
      'know (`other`). One row per contradicting event (the first that flagged the payout) and per return after ' +
      'success, with the payout as it is now and the event with its evidence. Every client’s payouts. Pass ' +
      '`nextCursor` as `cursor` for older rows.',
  })
  @ApiResponse({ status: 200, type: LateFlipPageDto })
  @ApiProblems('validation_failed')
  contradictions(@Query() query: LateFlipsQueryDto) {
    return this.listLateFlips.execute({
      ...(query.limit !== undefined ? { limit: query.limit } : {}),
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
    });
  }

  @Get('stuck')
  @Scopes('ops:read')
  @ApiOperation({
    operationId: 'listStuckPayouts',
    summary: 'Live payouts past their STUCK_AFTER threshold (or olderThan), oldest first',
    description:
      'Age is the time since the payout entered its current status (its newest applied event). Each row says why ' +
      'it is listed and what happens next: the next poll, the polls left in the schedule, or "needs a person".',
  })
  @ApiResponse({ status: 200, type: StuckPageDto })
  @ApiProblems('validation_failed')
  stuck(@Query() query: StuckQueryDto) {
    return this.listStuck.execute(
      {
        ...(query.status ? { status: query.status } : {}),
        ...(query.provider ? { provider: query.provider } : {}),
        ...(query.olderThan !== undefined ? { olderThanMs: parseDurationOrThrow(query.olderThan) } : {}),
        ...(query.limit !== undefined ? { limit: query.limit } : {}),
      },
      new Date(),
    );
  }

  @Get('summary')
  @Scopes('ops:read')
  @ApiOperation({
    operationId: 'getOpsSummary',
    summary: 'Counts by status and provider, oldest age per live status, what needs a look',
    description: 'Over every client’s payouts; `byProvider` counts payouts not routed yet under `none`.',
  })
  @ApiResponse({ status: 200, type: OpsSummaryDto })
  summary() {
    return this.getSummary.execute(new Date());
  }

  @Post('payouts/:id/refresh')
  @Scopes('ops:write')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'refreshPayout',
    summary: 'Look the payout up at its provider now and apply what it says',
    description:
      'Runs the poller’s own lookup (the event source is poll:<provider>) and audits the request with the acting ' +
      'client. Only submitting, processing and manual_review payouts are looked up. The lookup spends the provider’s ' +
      'request budget (and, in submitting, takes dispatch’s lease), both in Redis: while Redis is unreachable a ' +
      'refresh answers 503.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, type: PayoutDto, description: 'The payout after the lookup' })
  @ApiProblems('validation_failed', 'unsupported_media_type', 'not_found', 'invalid_state', 'service_unavailable')
  async refresh(@Param('id') id: string, @Body() body: RefreshPayoutDto, @CurrentClient() client: AuthenticatedClient) {
    const result = await this.refreshPayout.execute(payoutIdOrThrow(id), actorOf(client), body.reason);
    return result.payout;
  }

  @Post('payouts/:id/resolve')
  @Scopes('ops:write')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'resolvePayout',
    summary: 'Resolve a payout by hand: succeeded or failed, with a reason and evidence',
    description:
      'Goes through the state machine (source ops:<client id>) and writes an audit row with the actor, the reason ' +
      'and the evidence in the same transaction. Only from submitting, processing or manual_review.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, type: PayoutDto, description: 'The resolved payout' })
  @ApiProblems('validation_failed', 'unsupported_media_type', 'not_found', 'invalid_state')
  resolve(@Param('id') id: string, @Body() body: ResolvePayoutDto, @CurrentClient() client: AuthenticatedClient) {
    return this.resolvePayout.execute(
      payoutIdOrThrow(id),
      {
        status: body.status,
        reason: body.reason,
        evidence: body.evidence,
        ...(body.failureCode !== undefined ? { failureCode: body.failureCode } : {}),
      },
      actorOf(client),
    );
  }

  @Post('queues/:queue/jobs/:jobId/retry')
  @Scopes('ops:write')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'retryQueueJob',
    summary: 'Put a failed queue job back on its queue, unchanged; audited with the actor and the reason',
    description:
      'The queue dashboard at /ops/queues is read-only; this is the one job action. Only a failed job, with its ' +
      'name and payload as they were: it runs through its own processor again, so a dispatch job reaches a provider ' +
      'only through the send claim (never for a settled attempt or one past its idempotency retention). The queues ' +
      'live in Redis: while it is unreachable the retry answers 503.',
  })
  @ApiParam({ name: 'queue', example: 'dispatch' })
  @ApiParam({ name: 'jobId', example: 'dispatch-0193a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b' })
  @ApiResponse({ status: 200, type: RetriedJobDto, description: 'The job, back on its queue' })
  @ApiProblems('validation_failed', 'unsupported_media_type', 'not_found', 'invalid_state', 'service_unavailable')
  retryJob(
    @Param('queue') queue: string,
    @Param('jobId') jobId: string,
    @Body() body: RetryJobDto,
    @CurrentClient() client: AuthenticatedClient,
  ) {
    return this.retryFailedJob.execute(queue, jobId, body.reason, actorOf(client));
  }
}
