import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches, ValidateBy } from 'class-validator';
import { parseDurationOrThrow } from '@libs/platform/config';
import { IsPlainText, PageLimit } from '@libs/platform/http';
import { ProviderFilter } from '@libs/payouts';
import { FAILURE_CODES, IN_FLIGHT_STATUSES, type InFlightStatus } from '@libs/payouts/domain';
import { OTHER_EXAMPLE_PROVIDER } from '@libs/providers';
import { LATE_FLIP_LIMIT, RESOLUTIONS, STUCK_LIMIT } from '../../application';

const OLDER_THAN = /^\d{1,9}(ms|s|m|h|d)$/;
const OLDER_THAN_MAX_MS = 3650 * 86_400_000;

/** A longer age reaches back before any date JavaScript or Postgres can hold (999999999d); nothing is that old. */
function olderThanWithinRange(text: string): boolean {
  try {
    return parseDurationOrThrow(text) <= OLDER_THAN_MAX_MS;
  } catch {
    return false;
  }
}

export class StuckQueryDto {
  @ApiPropertyOptional({ enum: IN_FLIGHT_STATUSES })
  @IsOptional()
  @IsIn(IN_FLIGHT_STATUSES)
  status?: InFlightStatus;

  @ProviderFilter()
  provider?: string;

  @ApiPropertyOptional({
    example: '10m',
    description: 'list live payouts at least this long in their status instead of STUCK_AFTER; 0s lists all of them',
  })
  @IsOptional()
  @Matches(OLDER_THAN, { message: 'olderThan must be a duration such as 0s, 500ms, 30s, 10m, 1h' })
  @ValidateBy({
    name: 'isOlderThanAtMost',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || !OLDER_THAN.test(value) || olderThanWithinRange(value),
      defaultMessage: () => 'olderThan must be at most 3650d',
    },
  })
  olderThan?: string;

  @PageLimit(STUCK_LIMIT)
  limit?: number;
}

export class LateFlipsQueryDto {
  @PageLimit(LATE_FLIP_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;
}

const NOT_BLANK = /\S/;

/** Why the caller changes something, as every mutating ops call says it (api.md): one line of plain text, not blank. */
const StatedReason = (example: string, maxLength: number) =>
  applyDecorators(
    // Bottom first, as a stack of these decorators applies them: a refused value's messages keep their order.
    IsPlainText(),
    Matches(NOT_BLANK, { message: 'reason must not be blank' }),
    Length(1, maxLength),
    IsString(),
    ApiProperty({ example, maxLength }),
  );

/** A refresh can change the payout's status, so like every mutating ops call it says why (api.md). */
export class RefreshPayoutDto {
  @StatedReason('customer asked; provider support says it was released', 500)
  reason!: string;
}

/** Retrying a job changes what the workers do next, so like every mutating ops call it says why (api.md). */
export class RetryJobDto {
  @StatedReason('dispatch failed while Redis was restarting; the payout is still pending', 500)
  reason!: string;
}

export class ResolvePayoutDto {
  @ApiProperty({ enum: RESOLUTIONS, example: 'failed' })
  @IsIn(RESOLUTIONS)
  status!: string;

  @StatedReason(`${OTHER_EXAMPLE_PROVIDER.displayName} operations rejected the transfer (ticket 4411)`, 4000)
  reason!: string;

  @ApiProperty({ example: 'https://tickets.internal/4411; provider email of 2026-11-23', maxLength: 4000 })
  @IsString()
  @Length(1, 4000)
  @Matches(NOT_BLANK, { message: 'evidence must not be blank' })
  // Evidence may quote an email or a ticket: line breaks and tabs are kept, other controls are not.
  @IsPlainText({ multiLine: true })
  evidence!: string;

  @ApiPropertyOptional({
    enum: FAILURE_CODES.filter((code) => code !== 'canceled'),
    description: 'with status failed only; provider_rejected when omitted',
  })
  @IsOptional()
  @IsIn(FAILURE_CODES.filter((code) => code !== 'canceled'))
  failureCode?: string;
}
