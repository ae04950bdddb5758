import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** How many rows one page of a list may hold, and how many it holds when the caller does not say. */
export interface PageLimitRange {
  readonly min: number;
  readonly max: number;
  readonly default: number;
}

/** A list's optional `limit` query field: a whole number in min..max, documented with its default. */
export const PageLimit = (range: PageLimitRange) =>
  applyDecorators(
    // Applied in the order a stack of these decorators written top-down applies (bottom first), so that a value
    // breaking several checks is answered with its messages in the same order.
    Max(range.max),
    Min(range.min),
    IsInt(),
    Type(() => Number),
    IsOptional(),
    ApiPropertyOptional({ type: 'integer', minimum: range.min, maximum: range.max, default: range.default }),
  );
