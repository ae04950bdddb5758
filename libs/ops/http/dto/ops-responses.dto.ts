import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { PAYOUT_STATUSES } from '@libs/payouts/domain';
import { PayoutDto } from '@libs/payouts';
import { OTHER_EXAMPLE_PROVIDER } from '@libs/providers';

/** `{ <status>: integer }`: one property per payout status, so `byStatus.pending` is typed in a generated client. */
const countsByStatus = (description: string, everyStatus: boolean, example: Record<string, number>): SchemaObject => ({
  type: 'object',
  description,
  properties: Object.fromEntries(PAYOUT_STATUSES.map((status) => [status, { type: 'integer', minimum: 0 }])),
  ...(everyStatus ? { required: [...PAYOUT_STATUSES] } : {}),
  additionalProperties: false,
  example,
});

/** As a property of the summary: `required` lists the statuses, so `selfRequired` says the property is always there. */
const countsProperty = (schema: SchemaObject) => ({ ...schema, selfRequired: true }) as ApiPropertyOptions;

// Response shapes for the OpenAPI document only; the answers are built by the application classes.

export class ProviderAnswerDto {
  @ApiProperty({ example: 200, nullable: true, type: 'integer' })
  httpStatus!: number | null;
  // Any JSON value (no type): openapi-finish.ts drops the `object` that reflection infers from `unknown`.
  @ApiProperty({
    ...({ 'x-any-json': true } as ApiPropertyOptions),
    description:
      'any JSON value: the body, opened from its sealed form and parsed losslessly (big numbers as exact strings) or as text; IBANs, account numbers, national ids and names masked; null when withheld',
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
  @ApiProperty({ nullable: true, type: 'integer' })
  requestCount!: number | null;
}

export class StuckPayoutDto {
  @ApiProperty({ type: PayoutDto })
  payout!: PayoutDto;
  @ApiProperty({ type: 'integer', example: 2712, description: 'seconds in the current status' })
  ageSeconds!: number;
  @ApiProperty({
    example: `in manual_review for 45m 12s (threshold 30m); ${OTHER_EXAMPLE_PROVIDER.name} manual review: no webhook comes, only polling resolves it`,
  })
  reason!: string;
  @ApiProperty({ nullable: true, type: String })
  nextCheckAt!: string | null;
  @ApiProperty({ type: 'integer', example: 3 })
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
  @ApiProperty(
    countsProperty(
      countsByStatus('payouts per status, every status listed', true, {
        awaiting_approval: 2,
        scheduled: 4,
        pending: 2,
        submitting: 0,
        processing: 14,
        manual_review: 1,
        succeeded: 920,
        failed: 3,
        returned: 0,
        canceled: 1,
      }),
    ),
  )
  byStatus!: Record<string, number>;
  @ApiProperty({
    type: 'object',
    description: 'per provider name (`none`: not routed yet), payouts per status; statuses with none left out',
    additionalProperties: countsByStatus('payouts of this provider per status', false, {
      processing: 9,
    }) as SchemaObject,
    example: { [OTHER_EXAMPLE_PROVIDER.name]: { processing: 9, manual_review: 1 }, none: { pending: 2 } },
  })
  byProvider!: Record<string, Record<string, number>>;
  @ApiProperty(
    countsProperty(
      countsByStatus('age in seconds of the oldest payout per live status that has one', false, {
        pending: 12,
        processing: 5400,
        manual_review: 2712,
      }),
    ),
  )
  oldestAgeSeconds!: Record<string, number>;
  @ApiProperty({ type: 'integer', example: 0 })
  orphanWebhooks!: number;
  @ApiProperty({ type: 'integer', example: 1 })
  needsAttention!: number;
  @ApiProperty({ type: 'integer', example: 0 })
  contradictions!: number;
}

export class RetriedJobDto {
  @ApiProperty({ example: 'dispatch-payout' })
  name!: string;
  @ApiProperty({ example: 'waiting', description: 'waiting: the job is back on its queue, unchanged' })
  state!: string;
  @ApiProperty({ nullable: true, type: String, example: 'connect ECONNREFUSED 127.0.0.1:6379' })
  failedReason!: string | null;
  @ApiProperty({ type: 'integer', example: 10 })
  attemptsMade!: number;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  payoutId!: string | null;
}

export class LateFlipEventDto {
  @ApiProperty({ example: '1842' })
  id!: string;
  @ApiProperty({ enum: PAYOUT_STATUSES, nullable: true, type: String, description: 'the status the payout was in' })
  from!: string | null;
  @ApiProperty({ enum: PAYOUT_STATUSES, description: 'the status the provider stated' })
  to!: string;
  @ApiProperty({
    description: 'false: refused (a contradiction, the payout kept its status); true: applied (a return)',
  })
  applied!: boolean;
  @ApiProperty({ example: `webhook:${OTHER_EXAMPLE_PROVIDER.name}` })
  source!: string;
  @ApiProperty({ example: 'contradiction' })
  reason!: string;
  @ApiProperty({
    example: `failed -> succeeded from webhook:${OTHER_EXAMPLE_PROVIDER.name}: provider contradiction, the payout is already failed; ops must look`,
  })
  detail!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'what the decision rested on: the attempt, the provider id and status, the provider’s failure',
  })
  evidence!: Record<string, unknown> | null;
}

export class LateFlipDto {
  @ApiProperty({
    enum: ['paid_after_failed', 'reversed_after_succeeded', 'other'],
    description:
      'paid_after_failed: a failed payout the provider reports paid; reversed_after_succeeded: a succeeded payout ' +
      'returned or reported failed; other: any other contradiction',
  })
  kind!: string;
  @ApiProperty({ example: '2026-12-05T09:14:03.120Z', description: 'when the provider’s statement was recorded' })
  at!: string;
  @ApiProperty({ format: 'uuid', description: 'the client the payout belongs to' })
  clientId!: string;
  @ApiProperty({ type: PayoutDto, description: 'the payout as it is now' })
  payout!: PayoutDto;
  @ApiProperty({ type: LateFlipEventDto })
  event!: LateFlipEventDto;
}

export class LateFlipPageDto {
  @ApiProperty({ type: [LateFlipDto] })
  data!: LateFlipDto[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as `cursor` for the next (older) page' })
  nextCursor!: string | null;
}
