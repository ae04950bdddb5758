import { Body, Delete, Get, Inject, Param, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { ApiKeyController, ApiProblems, CurrentClient, Scopes, type AuthenticatedClient } from '@libs/clients';
import { ManageClosures } from '../application';
import { ClosureDto, ClosureListDto, ClosurePutDto } from './dto/closure.dto';

/** Ops closures of EFT (money-movement.md): read with ops:read, changed with routing:admin (audited). */
@ApiKeyController('calendar', 'v1/calendar/closures')
export class ClosuresController {
  constructor(@Inject(ManageClosures) private readonly closures: ManageClosures) {}

  @Get()
  @Scopes('ops:read')
  @ApiOperation({
    operationId: 'listCalendarClosures',
    summary: 'The ops closures of EFT from `from` to `to` (Europe/Istanbul dates, inclusive, each optional)',
    description: 'Official holidays are not listed: they come from the Turkish calendar and always apply.',
  })
  @ApiQuery({ name: 'from', required: false, example: '2026-12-01' })
  @ApiQuery({ name: 'to', required: false, example: '2026-12-31' })
  @ApiResponse({ status: 200, type: ClosureListDto })
  @ApiProblems('validation_failed')
  async list(@Query('from') from: unknown, @Query('to') to: unknown): Promise<ClosureListDto> {
    return { data: await this.closures.list({ from, to }) };
  }

  @Put(':date')
  @Scopes('routing:admin')
  @ApiOperation({
    operationId: 'putCalendarClosure',
    summary: 'Close EFT on a date (today or later), or cut it at halfDayUntil; replaces that date’s closure; audited',
    description:
      'Payouts above FAST_MAX_AMOUNT wait (scheduled, holdReason rail_closed) for the next opening; FAST stays open.',
  })
  @ApiParam({ name: 'date', example: '2026-12-31', description: 'YYYY-MM-DD, Europe/Istanbul' })
  @ApiResponse({ status: 200, type: ClosureDto })
  @ApiProblems('validation_failed', 'unsupported_media_type')
  put(@Param('date') date: string, @Body() body: ClosurePutDto, @CurrentClient() client: AuthenticatedClient) {
    return this.closures.put(date, body ?? {}, { actorClientId: client.id, reason: body?.reason });
  }

  @Delete(':date')
  @Scopes('routing:admin')
  @ApiOperation({
    operationId: 'deleteCalendarClosure',
    summary: 'Remove the closure of a date (today or later); audited',
    description: 'The reason is a query parameter (a DELETE has no body).',
  })
  @ApiParam({ name: 'date', example: '2026-12-31', description: 'YYYY-MM-DD, Europe/Istanbul' })
  @ApiQuery({ name: 'reason', required: true, example: 'maintenance moved to the weekend' })
  @ApiResponse({ status: 200, type: ClosureDto, description: 'the closure as it was' })
  @ApiProblems('validation_failed', 'not_found')
  remove(@Param('date') date: string, @Query('reason') reason: unknown, @CurrentClient() client: AuthenticatedClient) {
    return this.closures.remove(date, { actorClientId: client.id, reason });
  }
}
