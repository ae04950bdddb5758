import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { IsPlainText, PageLimit } from '@libs/platform/http';
import { EXAMPLE_PROVIDER } from '@libs/providers';
import { DISCREPANCY_KINDS, RUN_STATUSES, type DiscrepancyKind } from '../domain';
import type { RunItemRecord, RunRecord } from '../application/reconciliation-run.port';

export const RUNS_PAGE_LIMIT = { min: 1, default: 20, max: 100 } as const;
export const ITEMS_PAGE_LIMIT = { min: 1, default: 100, max: 500 } as const;

export class StartReconciliationRunDto {
  @ApiProperty({ example: EXAMPLE_PROVIDER.name, description: 'a registered provider with a listing' })
  @IsString()
  @Length(1, 100)
  provider!: string;

  @ApiProperty({ example: '2026-12-01T00:00:00+03:00', description: 'ISO 8601 time with a zone, inclusive' })
  @IsString()
  @Length(1, 40)
  from!: string;

  @ApiProperty({ example: '2026-12-02T00:00:00+03:00', description: 'ISO 8601 time with a zone, exclusive' })
  @IsString()
  @Length(1, 40)
  to!: string;

  @ApiProperty({ example: 'month-end check', description: 'why the run is started (kept with the run)' })
  @IsString()
  @Length(1, 500)
  @IsPlainText()
  reason!: string;
}

export class RunsQueryDto {
  @PageLimit(RUNS_PAGE_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;
}

export class ItemsQueryDto {
  @ApiPropertyOptional({ enum: DISCREPANCY_KINDS })
  @IsOptional()
  @IsIn(DISCREPANCY_KINDS)
  kind?: DiscrepancyKind;

  @PageLimit(ITEMS_PAGE_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  cursor?: string;
}

export class RunCountsDto {
  @ApiProperty() matched!: number;
  @ApiProperty() missingAtProvider!: number;
  @ApiProperty() unknownAtProvider!: number;
  @ApiProperty() amountMismatch!: number;
  @ApiProperty() statusMismatch!: number;
}

export class ReconciliationRunDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() provider!: string;
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ enum: RUN_STATUSES }) status!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: RunCountsDto }) counts!: RunCountsDto;
  @ApiProperty({ description: 'listing pages read so far' }) pages!: number;
  @ApiProperty({ type: String, nullable: true, description: 'why a failed run failed' }) failure!: string | null;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
}

export class ReconciliationRunPageDto {
  @ApiProperty({ type: [ReconciliationRunDto] }) data!: ReconciliationRunDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class OurSideDto {
  @ApiProperty({ format: 'uuid' }) payoutId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'our reference at the provider' })
  reference!: string | null;
  @ApiProperty({ example: '250000', description: 'minor units, a decimal string' }) amount!: string;
  @ApiProperty() currency!: string;
  @ApiProperty() status!: string;
}

export class ProviderSideDto {
  @ApiProperty({ type: String, nullable: true }) providerId!: string | null;
  @ApiProperty({ type: String, nullable: true }) reference!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '250100', description: 'minor units; null when unreadable' })
  amount!: string | null;
  @ApiProperty({ type: String, nullable: true }) currency!: string | null;
  @ApiProperty({ description: 'paid, failed, pending, returned or unknown' }) status!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) createdAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'why the row could not be read whole' })
  problem!: string | null;
}

export class ReconciliationItemDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: DISCREPANCY_KINDS }) kind!: string;
  @ApiProperty({ type: OurSideDto, nullable: true }) ours!: OurSideDto | null;
  @ApiProperty({ type: ProviderSideDto, nullable: true }) provider!: ProviderSideDto | null;
}

export class ReconciliationItemPageDto {
  @ApiProperty({ type: [ReconciliationItemDto] }) data!: ReconciliationItemDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export const runView = (run: RunRecord): ReconciliationRunDto => ({
  id: run.id,
  provider: run.provider,
  from: run.from.toISOString(),
  to: run.to.toISOString(),
  status: run.status,
  reason: run.reason,
  counts: run.counts,
  pages: run.pages,
  failure: run.failure,
  startedAt: run.startedAt.toISOString(),
  finishedAt: run.finishedAt?.toISOString() ?? null,
});

export const itemView = (item: RunItemRecord): ReconciliationItemDto => ({
  id: item.id,
  kind: item.kind,
  ours:
    item.payoutId === null
      ? null
      : {
          payoutId: item.payoutId,
          reference: item.ourReference,
          amount: item.ourAmount === null ? '' : item.ourAmount.toString(),
          currency: item.ourCurrency ?? '',
          status: item.ourStatus ?? '',
        },
  provider:
    item.providerStatus === null
      ? null
      : {
          providerId: item.providerId,
          reference: item.providerReference,
          amount: item.providerAmount === null ? null : item.providerAmount.toString(),
          currency: item.providerCurrency,
          status: item.providerStatus,
          createdAt: item.providerCreatedAt?.toISOString() ?? null,
          problem: item.providerProblem,
        },
});
