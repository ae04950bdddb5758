import { ApiProperty } from '@nestjs/swagger';
import { PayoutDto } from '@libs/payouts/http/dto/payout.dto';

// Response shapes for the OpenAPI document only; the answers are built by the application classes.

export class ProviderAnswerDto {
  @ApiProperty({ example: 200, nullable: true, type: Number })
  httpStatus!: number | null;
  @ApiProperty({
    description:
      'the body, opened from its sealed form and parsed losslessly (big numbers as exact strings) or as text; IBANs, account numbers, national ids and names masked; null when withheld',
    example: { status_code: 100, data: { process_level_status: 0, request_id: '2505267108142371608' } },
  })
  body!: unknown;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'why the body is not shown: purged after PROVIDER_BODY_RETENTION, or sealed with a key not configured',
    example: null,
  })
  bodyWithheld!: string | null;
  @ApiProperty({ nullable: true, type: String })
  transportError!: string | null;
  @ApiProperty({ nullable: true, type: Number })
  requestCount!: number | null;
}

export class StuckPayoutDto {
  @ApiProperty({ type: PayoutDto })
  payout!: PayoutDto;
  @ApiProperty({ example: 2712, description: 'seconds in the current status' })
  ageSeconds!: number;
  @ApiProperty({
    example:
      'in manual_review for 45m 12s (threshold 30m); sipay manual review: no webhook comes, only polling resolves it',
  })
  reason!: string;
  @ApiProperty({ nullable: true, type: String })
  nextCheckAt!: string | null;
  @ApiProperty({ example: 3 })
  pollCount!: number;
  @ApiProperty({ nullable: true, type: String })
  lastPolledAt!: string | null;
  @ApiProperty({ type: ProviderAnswerDto, nullable: true })
  lastProviderAnswer!: ProviderAnswerDto | null;
  @ApiProperty()
  needsAttention!: boolean;
  @ApiProperty({
    example: 'next poll at 2026-11-23T11:00:00.000Z; 68 polls left in the schedule',
    description: 'the next poll and what is left of the schedule, or "needs a person"',
  })
  nextAction!: string;
}

export class StuckPageDto {
  @ApiProperty({ type: [StuckPayoutDto] })
  data!: StuckPayoutDto[];
}

export class OpsSummaryDto {
  @ApiProperty({ example: { pending: 2, submitting: 0, processing: 14, manual_review: 1, succeeded: 920 } })
  byStatus!: Record<string, number>;
  @ApiProperty({ example: { sipay: { processing: 9, manual_review: 1 }, none: { pending: 2 } } })
  byProvider!: Record<string, Record<string, number>>;
  @ApiProperty({ example: { pending: 12, processing: 5400, manual_review: 2712 } })
  oldestAgeSeconds!: Record<string, number>;
  @ApiProperty({ example: 0 })
  orphanWebhooks!: number;
  @ApiProperty({ example: 1 })
  needsAttention!: number;
  @ApiProperty({ example: 0 })
  contradictions!: number;
}

export class RetriedJobDto {
  @ApiProperty({ example: 'dispatch-payout' })
  name!: string;
  @ApiProperty({ example: 'waiting', description: 'waiting: the job is back on its queue, unchanged' })
  state!: string;
  @ApiProperty({ nullable: true, type: String, example: 'connect ECONNREFUSED 127.0.0.1:6379' })
  failedReason!: string | null;
  @ApiProperty({ example: 10 })
  attemptsMade!: number;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  payoutId!: string | null;
}
