import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { PAYOUT_STATUSES, type PayoutStatus } from '../../domain';
import { FEED_LIMIT, LIST_LIMIT } from '../../application';

export class ListPayoutsQueryDto {
  @ApiPropertyOptional({ enum: PAYOUT_STATUSES })
  @IsOptional()
  @IsIn(PAYOUT_STATUSES)
  status?: PayoutStatus;

  @ApiPropertyOptional({ example: 'sipay' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  provider?: string;

  @ApiPropertyOptional({ example: 'order-991' })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  reference?: string;

  @ApiPropertyOptional({ example: '2026-01-01T00:00:00Z', description: 'created at or after (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdFrom?: string;

  @ApiPropertyOptional({ example: '2026-02-01T00:00:00Z', description: 'created at or before (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdTo?: string;

  @ApiPropertyOptional({ minimum: LIST_LIMIT.min, maximum: LIST_LIMIT.max, default: LIST_LIMIT.default })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(LIST_LIMIT.min)
  @Max(LIST_LIMIT.max)
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;
}

export class GetPayoutQueryDto {
  @ApiPropertyOptional({ example: 'attempts,events', description: 'comma-separated: attempts, events' })
  @IsOptional()
  @IsString()
  @Matches(/^(attempts|events)(,(attempts|events))*$/, {
    message: 'expand must list attempts and/or events, comma-separated',
  })
  expand?: string;
}

export class EventsFeedQueryDto {
  @ApiPropertyOptional({ description: '`nextCursor` of the previous page; omit to start from the beginning' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  after?: string;

  @ApiPropertyOptional({ minimum: FEED_LIMIT.min, maximum: FEED_LIMIT.max, default: FEED_LIMIT.default })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(FEED_LIMIT.min)
  @Max(FEED_LIMIT.max)
  limit?: number;
}
