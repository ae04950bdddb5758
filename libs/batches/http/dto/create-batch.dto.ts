import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { CreatePayoutDto, IsMetadata, METADATA_LIMITS } from '@libs/payouts';
import { IsPlainText } from '@libs/platform/http';

export const ITEM_REFERENCE_MAX_LENGTH = 128;

/** One item of a batch: the body of POST /v1/payouts, checked by the same decorators, plus its reference. */
export class BatchItemDto extends CreatePayoutDto {
  @ApiProperty({
    example: 'payroll-2026-12/0042',
    maxLength: ITEM_REFERENCE_MAX_LENGTH,
    description: 'your reference for the item, unique within the batch: items and results are matched by it',
  })
  @IsDefined()
  @IsString()
  @Length(1, ITEM_REFERENCE_MAX_LENGTH)
  @IsPlainText()
  itemReference!: string;
}

/** The batch's own fields, beside `items` (a CSV batch may pass reference and description as query parameters). */
export class BatchHeaderDto {
  @ApiPropertyOptional({ type: String, example: 'payroll-2026-12', maxLength: 128, nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  @IsPlainText()
  reference?: string | null;

  @ApiPropertyOptional({ type: String, example: 'December payroll', maxLength: 500, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @IsPlainText()
  description?: string | null;
}

/** The fields of a JSON batch beside `items`. */
export class BatchFieldsDto extends BatchHeaderDto {
  @ApiPropertyOptional({
    example: { run: '2026-12' },
    type: 'object',
    additionalProperties: { type: 'string', maxLength: METADATA_LIMITS.valueLength },
    maxProperties: METADATA_LIMITS.keys,
    nullable: true,
    description: `as a payout’s: at most ${METADATA_LIMITS.keys} string keys, values at most ${METADATA_LIMITS.valueLength} characters`,
  })
  @IsOptional()
  @IsMetadata()
  metadata?: Record<string, string> | null;
}

export class CreateBatchDto extends BatchFieldsDto {
  @ApiProperty({
    type: [BatchItemDto],
    minItems: 1,
    description: 'at most BATCH_MAX_ITEMS (default 10,000) items, each a payout body with its itemReference',
  })
  items!: BatchItemDto[];
}

export class BatchQueryDto extends BatchHeaderDto {}
