import { Body, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import { ApiKeyController, ApiProblems, CurrentClient, Scopes, type AuthenticatedClient } from '@libs/clients';
import { PayoutError } from '@libs/payouts/domain';
import { BATCH_CANCEL_REASON_MAX_LENGTH, CancelBatch } from '../application/cancel-batch';
import { BatchDto } from './dto/batch.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class CancelBatchDto {
  @ApiPropertyOptional({
    type: String,
    maxLength: BATCH_CANCEL_REASON_MAX_LENGTH,
    example: 'payroll file sent twice',
    description: "why; kept on every canceled item's event",
  })
  @Allow()
  reason?: unknown;
}

export class CanceledBatchDto extends BatchDto {
  @ApiProperty({ type: 'integer', description: 'items this request canceled (0 when a cancel came before)' })
  canceledNow!: number;
}

@ApiKeyController('payout-batches', 'v1/payout-batches')
export class BatchCancelController {
  constructor(@Inject(CancelBatch) private readonly cancelBatch: CancelBatch) {}

  @Post(':id/cancel')
  @Scopes('payouts:write')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'cancelPayoutBatch',
    summary: 'Cancel every item of a batch that is still awaiting approval, scheduled or pending',
    description:
      'Each item is canceled through the payout state machine (its own event and notification); items already handed ' +
      'to a provider go on, and the batch stays `open` until they are final (then `completed`); when every item was ' +
      'canceled the batch is `canceled`. A second cancel changes nothing. Another client’s batch answers 404.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({ type: CancelBatchDto, required: false })
  @ApiResponse({ status: 200, type: CanceledBatchDto, description: 'The batch after the cancel' })
  @ApiProblems('validation_failed', 'not_found', 'unsupported_media_type')
  async cancel(@Param('id') id: string, @Body() body: CancelBatchDto, @CurrentClient() client: AuthenticatedClient) {
    if (!UUID.test(id)) throw new PayoutError('not_found', `no payout batch ${id.slice(0, 64)}`);
    const { batch, canceled } = await this.cancelBatch.execute(id.toLowerCase(), client.id, body?.reason);
    return { ...batch, canceledNow: canceled };
  }
}
