import { Body, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiKeyController, ApiProblems, CurrentClient, Scopes, type AuthenticatedClient } from '@libs/clients';
import { writeChunks } from '@libs/platform/http';
import { ReadReconciliationRuns, StartReconciliationRun } from '../application/reconciliation-runs';
import {
  ITEMS_PAGE_LIMIT,
  ItemsQueryDto,
  itemView,
  ReconciliationItemPageDto,
  ReconciliationRunDto,
  ReconciliationRunPageDto,
  RUNS_PAGE_LIMIT,
  RunsQueryDto,
  runView,
  StartReconciliationRunDto,
} from './reconciliation-runs.dto';

@ApiKeyController('reconciliation', 'v1/reconciliation')
export class ReconciliationRunsController {
  constructor(
    @Inject(StartReconciliationRun) private readonly start: StartReconciliationRun,
    @Inject(ReadReconciliationRuns) private readonly read: ReadReconciliationRuns,
  ) {}

  @Post('runs')
  @Scopes('ops:write')
  @ApiOperation({
    operationId: 'startReconciliationRun',
    summary: 'Start a reconciliation run of one provider over [from, to), or answer the one that exists',
    description:
      'Compares our payouts of the provider created in [from, to) with the provider’s listing of the same period ' +
      'and records every discrepancy; each discrepant payout is flagged needsAttention, none is changed. At most one ' +
      'run per (provider, from, to): asking again answers that run (200), and a failed one is resumed where it ' +
      'stopped. The run itself is a job of the worker; read it until `status` is `completed` or `failed`.',
  })
  @ApiResponse({ status: 201, type: ReconciliationRunDto, description: 'Started' })
  @ApiResponse({ status: 200, type: ReconciliationRunDto, description: 'The run of that period, already there' })
  @ApiProblems('validation_failed')
  async create(
    @Body() body: StartReconciliationRunDto,
    @CurrentClient() client: AuthenticatedClient,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ReconciliationRunDto> {
    const { run, created } = await this.start.execute({ ...body, requestedBy: client.id });
    response.status(created ? 201 : 200);
    if (created) response.setHeader('Location', `/v1/reconciliation/runs/${run.id}`);
    return runView(run);
  }

  @Get('runs')
  @Scopes('ops:read')
  @ApiOperation({ operationId: 'listReconciliationRuns', summary: 'Reconciliation runs, newest first' })
  @ApiResponse({ status: 200, type: ReconciliationRunPageDto })
  @ApiProblems('validation_failed')
  async list(@Query() query: RunsQueryDto): Promise<ReconciliationRunPageDto> {
    const page = await this.read.list(query.limit ?? RUNS_PAGE_LIMIT.default, query.cursor);
    return { data: page.data.map(runView), nextCursor: page.nextCursor };
  }

  @Get('runs/:id')
  @Scopes('ops:read')
  @ApiOperation({ operationId: 'getReconciliationRun', summary: 'One reconciliation run with its counts' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, type: ReconciliationRunDto })
  @ApiProblems('not_found')
  async get(@Param('id') id: string): Promise<ReconciliationRunDto> {
    return runView(await this.read.run(id));
  }

  @Get('runs/:id/items')
  @Scopes('ops:read')
  @ApiOperation({
    operationId: 'listReconciliationItems',
    summary: 'The discrepancies of a run, both sides, in the order found',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, type: ReconciliationItemPageDto })
  @ApiProblems('validation_failed', 'not_found')
  async items(@Param('id') id: string, @Query() query: ItemsQueryDto): Promise<ReconciliationItemPageDto> {
    const page = await this.read.items(id, {
      kind: query.kind,
      cursor: query.cursor,
      limit: query.limit ?? ITEMS_PAGE_LIMIT.default,
    });
    return { data: page.data.map(itemView), nextCursor: page.nextCursor };
  }

  @Get('runs/:id/items.csv')
  @Scopes('ops:read')
  @ApiOperation({
    operationId: 'exportReconciliationItems',
    summary: 'Every discrepancy of a run as CSV, streamed',
    description: 'Amounts in minor units; one line per discrepancy, read in keyset pages (constant memory).',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiProduces('text/csv')
  @ApiResponse({ status: 200, description: 'text/csv', content: { 'text/csv': { schema: { type: 'string' } } } })
  @ApiProblems('not_found')
  async csv(@Param('id') id: string, @Res() response: Response): Promise<void> {
    const chunks = this.read.csv(id);
    // The first chunk reads the run: an unknown id is still a problem answer, not a cut CSV.
    const first = await chunks.next();
    response.status(200);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="reconciliation-${id.slice(0, 36)}.csv"`);
    await writeChunks(response, first, chunks);
  }
}
