import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsPlainText, PageLimit } from '@libs/platform/http';
import { PAYOUT_STATUSES, type PayoutStatus } from '../../domain';
import { FEED_LIMIT, LIST_LIMIT } from '../../application';

/**
 * ISO 8601 allows forms JavaScript's Date cannot read (20260101, 2026-W01) or reads differently (2026-001): only a
 * calendar date, or a date and time with its UTC offset, in years 1000..9999, so every accepted value is a time
 * Postgres can compare against.
 */
const CALENDAR_TIME = /^[1-9]\d{3}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const CALENDAR_TIME_MESSAGE = (field: string) =>
  `${field} must be a date (2026-01-31) or a date and time with offset (2026-01-31T12:00:00Z)`;

/** An optional filter on the provider payouts are routed to, by its name. */
export const ProviderFilter = () =>
  applyDecorators(
    // Bottom first, as the stack they replace applied them: a refused value's messages keep their order.
    IsPlainText(),
    Length(1, 32),
    IsString(),
    IsOptional(),
    ApiPropertyOptional(),
  );

/** The list filters, shared by GET /v1/payouts and GET /v1/payouts/export. */
export class PayoutFilterQueryDto {
  @ApiPropertyOptional({ enum: PAYOUT_STATUSES })
  @IsOptional()
  @IsIn(PAYOUT_STATUSES)
  status?: PayoutStatus;

  @ProviderFilter()
  provider?: string;

  @ApiPropertyOptional({ example: 'order-991' })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  @IsPlainText()
  reference?: string;

  @ApiPropertyOptional({ example: '2026-01-01T00:00:00Z', description: 'created at or after (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(CALENDAR_TIME, { message: CALENDAR_TIME_MESSAGE('createdFrom') })
  createdFrom?: string;

  @ApiPropertyOptional({ example: '2026-02-01T00:00:00Z', description: 'created at or before (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(CALENDAR_TIME, { message: CALENDAR_TIME_MESSAGE('createdTo') })
  createdTo?: string;
}

export class ListPayoutsQueryDto extends PayoutFilterQueryDto {
  @PageLimit(LIST_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;
}

export class GetPayoutQueryDto {
  @ApiPropertyOptional({
    pattern: '^(attempts|events)(,(attempts|events))*$',
    example: 'attempts,events',
    description: 'comma-separated: attempts, events',
  })
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

  @PageLimit(FEED_LIMIT)
  limit?: number;
}
