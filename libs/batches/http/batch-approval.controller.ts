import { Body, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import { ApiKeyController, ApiProblems, CurrentClient, Scopes, type AuthenticatedClient } from '@libs/clients';
import { APPROVAL_REASON_MAX_LENGTH } from '@libs/payouts/application';
import { PayoutError } from '@libs/payouts/domain';
import { DecideBatchApproval } from '../application/decide-batch-approval';
import { ReadBatches } from '../application/read-batches';
import { BatchDto, BatchPageDto, ListBatchesQueryDto } from './dto/batch.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const batchIdOrThrow = (id: string): string => {
  if (!UUID.test(id)) throw new PayoutError('not_found', `no payout batch ${id.slice(0, 64)}`);
  return id.toLowerCase();
};

/** Checked by the use case (approvalReasonOrThrow), as for a payout's decision. */
export class BatchApprovalDecisionDto {
  @ApiPropertyOptional({
    type: String,
    maxLength: APPROVAL_REASON_MAX_LENGTH,
    description: 'optional to approve, required to reject; on every item’s event and on the audit row',
  })
  @Allow()
  reason?: unknown;
}

export class DecidedBatchDto extends BatchDto {
  @ApiProperty({
    type: 'integer',
    description: 'items this decision moved (released or canceled); 0 for an approval that is not the last needed',
  })
  itemsDecided!: number;
}

const approverOf = (client: AuthenticatedClient) => ({ clientId: client.id, clientName: client.name });

/** Batch approvals (programs.md "Batches", decision 0013): the queue of batches and the approvers' decisions. */
@ApiKeyController('approvals', 'v1')
export class BatchApprovalController {
  constructor(
    @Inject(DecideBatchApproval) private readonly decisions: DecideBatchApproval,
    @Inject(ReadBatches) private readonly readBatches: ReadBatches,
  ) {}

  @Get('approvals/batches')
  @Scopes('payouts:approve')
  @ApiOperation({
    operationId: 'listBatchApprovals',
    summary: 'Payout batches awaiting approval, of every client, oldest first',
    description:
      '`GET /v1/approvals` lists single payouts; a batch’s items are decided with their batch, listed here. The ' +
      'items of a listed batch are read with `GET /v1/payout-batches/{id}/items`.',
  })
  @ApiResponse({ status: 200, type: BatchPageDto })
  @ApiProblems('validation_failed')
  list(@Query() query: ListBatchesQueryDto) {
    return this.readBatches.awaitingApproval({ limit: query.limit, cursor: query.cursor });
  }

  @Post('payout-batches/:id/approve')
  @Scopes('payouts:approve')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'approvePayoutBatch',
    summary: 'Approve a batch awaiting approval: one decision for all its items (never your own; once per client)',
    description:
      'With the last approval needed the batch is `open` and every item moves to scheduled (its scheduledFor still ' +
      'ahead) or pending, each with its own event. Your own batch or a second vote: 403. A batch not awaiting ' +
      'approval (decided, canceled, past its deadline): 409. One item of a batch cannot be approved alone.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({ type: BatchApprovalDecisionDto, required: false })
  @ApiResponse({ status: 200, type: DecidedBatchDto })
  @ApiProblems('validation_failed', 'not_found', 'invalid_state', 'unsupported_media_type')
  async approve(
    @Param('id') id: string,
    @Body() body: BatchApprovalDecisionDto,
    @CurrentClient() client: AuthenticatedClient,
  ) {
    const { batch, itemsDecided } = await this.decisions.execute(
      batchIdOrThrow(id),
      approverOf(client),
      'approve',
      body?.reason,
    );
    return { ...batch, itemsDecided };
  }

  @Post('payout-batches/:id/reject')
  @Scopes('payouts:approve')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'rejectPayoutBatch',
    summary: 'Reject a batch awaiting approval: every item ends canceled (rejected_by_approver); a reason is required',
    description: 'The batch ends `canceled` with its last item. Your own batch: 403. Not awaiting approval: 409.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({ type: BatchApprovalDecisionDto })
  @ApiResponse({ status: 200, type: DecidedBatchDto })
  @ApiProblems('validation_failed', 'not_found', 'invalid_state', 'unsupported_media_type')
  async reject(
    @Param('id') id: string,
    @Body() body: BatchApprovalDecisionDto,
    @CurrentClient() client: AuthenticatedClient,
  ) {
    const { batch, itemsDecided } = await this.decisions.execute(
      batchIdOrThrow(id),
      approverOf(client),
      'reject',
      body?.reason,
    );
    return { ...batch, itemsDecided };
  }
}
