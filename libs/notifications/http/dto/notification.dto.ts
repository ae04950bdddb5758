import { ApiProperty } from '@nestjs/swagger';
import { DELIVERY_STATUSES, TRY_OUTCOMES } from '../../domain';

// Response shapes for the OpenAPI document only; the answers are built by application/list-notifications.ts.

export class NotificationAttemptDto {
  @ApiProperty({ type: 'integer', example: 1 })
  number!: number;
  @ApiProperty({ example: '2026-11-23T10:00:00.000Z' })
  startedAt!: string;
  @ApiProperty({ type: 'integer', example: 84 })
  durationMs!: number;
  @ApiProperty({ example: 'https://hooks.example.com/payouts', description: 'the callback URL without its query' })
  target!: string;
  @ApiProperty({ example: '203.0.113.10', nullable: true, type: String })
  address!: string | null;
  @ApiProperty({ enum: TRY_OUTCOMES, example: 'http_error' })
  outcome!: string;
  @ApiProperty({ example: 500, nullable: true, type: 'integer' })
  httpStatus!: number | null;
  @ApiProperty({ example: null, nullable: true, type: String })
  error!: string | null;
  @ApiProperty({ example: 'upstream unavailable', nullable: true, type: String })
  responseExcerpt!: string | null;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ example: '1042', description: 'the message id: body `id` and header `webhook-id`' })
  eventId!: string;
  @ApiProperty({
    example: 'payout.succeeded',
    description:
      '`payout.<status>` for a status change; `payout.contradiction` once, when a provider says money moved where we ' +
      'proved it had not (e.g. a success for a superseded attempt): the payout is flagged for ops, its status unchanged; ' +
      '`batch.completed` once when every item of a batch is final',
  })
  type!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null for a batch notification' })
  payoutId!: string | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 4, description: 'null for a batch notification' })
  payoutVersion!: number | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    example: null,
    description: 'the batch of a `batch.completed` notification; null for a payout change',
  })
  batchId!: string | null;
  @ApiProperty({ enum: DELIVERY_STATUSES, example: 'delivered' })
  status!: string;
  @ApiProperty({ type: 'integer', example: 3 })
  attemptCount!: number;
  @ApiProperty({ nullable: true, type: String, example: null })
  nextAttemptAt!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'tries stop after this time (first try + 72 h)',
  })
  retryUntil!: string | null;
  @ApiProperty({ nullable: true, type: String })
  deliveredAt!: string | null;
  @ApiProperty({ nullable: true, type: 'integer', example: 200 })
  lastHttpStatus!: number | null;
  @ApiProperty({ nullable: true, type: String, example: null })
  lastError!: string | null;
  @ApiProperty()
  createdAt!: string;
  @ApiProperty()
  updatedAt!: string;
  @ApiProperty({ type: [NotificationAttemptDto] })
  attempts!: NotificationAttemptDto[];
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] })
  data!: NotificationDto[];
  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;
}
