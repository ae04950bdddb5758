import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApprovalDto, PayoutDto } from '@libs/payouts';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageLimit } from '@libs/platform/http';
import { PAYOUT_STATUSES, type PayoutStatus } from '@libs/payouts/domain';
import { BATCH_STATUSES } from '../../domain';
import { BATCH_ITEMS_LIMIT, BATCH_LIST_LIMIT } from '../../application';

// Response shapes for the OpenAPI document only; the answers are built by application/batch-view.ts.

export class BatchDto {
  @ApiProperty({ format: 'uuid', example: '0193a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b' })
  id!: string;
  @ApiProperty({
    enum: BATCH_STATUSES,
    example: 'open',
    description:
      'awaiting_approval; open (items in flight); completed (every item final); canceled (every item canceled)',
  })
  status!: string;
  @ApiProperty({ type: String, nullable: true, example: 'payroll-2026-12' })
  reference!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'December payroll' })
  description!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { run: '2026-12' } })
  metadata!: Record<string, string>;
  @ApiProperty({ type: 'integer', example: 10000 })
  itemCount!: number;
  @ApiProperty({
    pattern: '^[1-9][0-9]*$',
    example: '1250000000',
    description: 'the sum of the items’ amounts, integer minor units as a string',
  })
  totalAmount!: string;
  @ApiProperty({ pattern: '^[A-Z]{3}$', example: 'TRY', description: 'every item’s currency' })
  currency!: string;
  @ApiProperty({
    type: 'object',
    properties: Object.fromEntries(PAYOUT_STATUSES.map((status) => [status, { type: 'integer', minimum: 0 }])),
    additionalProperties: { type: 'integer', minimum: 0 },
    example: { pending: 9990, processing: 10 },
    description: 'how many items are in each payout status now (every status, 0 included), counted from the items',
  })
  counts!: Record<string, number>;
  @ApiPropertyOptional({
    type: ApprovalDto,
    description:
      'the batch’s approval record, when its total needed approvals (the one every item carries): the policy ' +
      'version, approvals required, the deadline, the approvals so far, and a rejection once rejected',
  })
  approval?: ApprovalDto;
  @ApiProperty({ example: '2026-12-01T09:00:00.000Z' })
  createdAt!: string;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'when every item became final' })
  completedAt!: string | null;
}

export class BatchPageDto {
  @ApiProperty({ type: [BatchDto] })
  data!: BatchDto[];
  @ApiProperty({ nullable: true, type: String, description: 'null on the last page' })
  nextCursor!: string | null;
}

export class BatchItemsPageDto {
  @ApiProperty({ type: [PayoutDto], description: 'payouts, each with its batchId and itemReference' })
  data!: PayoutDto[];
  @ApiProperty({ nullable: true, type: String, description: 'null on the last page' })
  nextCursor!: string | null;
}

export class ListBatchesQueryDto {
  @PageLimit(BATCH_LIST_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;
}

export class ListBatchItemsQueryDto {
  @ApiPropertyOptional({ enum: PAYOUT_STATUSES })
  @IsOptional()
  @IsIn(PAYOUT_STATUSES)
  status?: PayoutStatus;

  @PageLimit(BATCH_ITEMS_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;
}
