import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ATTEMPT_STATUSES } from '../../application';
import { FAILURE_CODES, HOLD_REASONS, PAYOUT_STATUSES, RAILS, type HoldReason, type Rail } from '../../domain';

// Response shapes for the OpenAPI document only; the answers themselves are built by application/payout-view.ts.

export class BeneficiaryViewDto {
  @ApiProperty({ example: 'Ahmet Yılmaz' })
  name!: string;
  @ApiProperty({ example: '7890', description: 'last four IBAN characters; the full IBAN is never returned' })
  ibanLast4!: string;
  @ApiProperty({ example: '00100', nullable: true, type: String, description: 'bank code of a Turkish IBAN' })
  bankCode!: string | null;
}

export class CustomerViewDto {
  @ApiProperty({ example: 'user-12345' })
  id!: string;
  @ApiPropertyOptional({ example: 'Ahmet Y.' })
  label?: string;
}

export class FailureDto {
  @ApiProperty({ enum: FAILURE_CODES, example: 'bank_rejected' })
  code!: string;
  @ApiProperty({ example: 'the beneficiary bank rejected the transfer' })
  message!: string;
  @ApiPropertyOptional({ example: '2' })
  providerCode?: string;
  @ApiPropertyOptional({ example: 'Rejected by bank' })
  providerMessage?: string;
}

export class RoutingProviderDto {
  @ApiProperty()
  provider!: string;
  @ApiProperty({ example: false })
  eligible!: boolean;
  @ApiProperty({ example: 'circuit open' })
  reason!: string;
}

export class RoutingDto {
  @ApiProperty({ example: '0193a1b2-0000-7000-8000-000000000001', nullable: true, type: String })
  ruleId!: string | null;
  @ApiProperty({ example: 4, nullable: true, type: 'integer' })
  ruleVersion!: number | null;
  @ApiProperty({ example: 'rule "TRY large" matched; weighted choice' })
  reason!: string;
  @ApiProperty({
    type: [RoutingProviderDto],
    required: false,
    description: 'every provider and why it was or was not eligible',
  })
  providers?: RoutingProviderDto[];
}

export class ApprovalVoteDto {
  @ApiProperty({ format: 'uuid' })
  clientId!: string;
  @ApiProperty({ example: 'treasury-checker' })
  clientName!: string;
  @ApiProperty({ format: 'date-time' })
  at!: string;
  @ApiProperty({ type: String, nullable: true, example: 'matches invoice 2026-114' })
  reason!: string | null;
}

export class ApprovalDto {
  @ApiProperty({ example: 3, description: 'the approval policy version that applied at creation' })
  policyVersion!: number;
  @ApiProperty({ example: 2, description: 'approvals needed before the payout moves on' })
  required!: number;
  @ApiProperty({ format: 'date-time', description: 'when it ends canceled (approval_expired) if not yet approved' })
  expiresAt!: string;
  @ApiProperty({ type: [ApprovalVoteDto], description: 'the approvals given so far, oldest first' })
  approvals!: ApprovalVoteDto[];
  @ApiPropertyOptional({
    type: ApprovalVoteDto,
    description:
      'a batch item only: the rejection its batch was given (the item is then canceled, rejected_by_approver)',
  })
  rejection?: ApprovalVoteDto;
}

export class PayoutDto {
  @ApiProperty({ example: '0193a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b', format: 'uuid' })
  id!: string;
  @ApiProperty({ enum: PAYOUT_STATUSES, example: 'processing' })
  status!: string;
  @ApiProperty({ type: 'integer', example: 3, description: 'bumped on every applied status change' })
  version!: number;
  @ApiProperty({ pattern: '^[1-9][0-9]{0,18}$', example: '250000', description: 'integer minor units as a string' })
  amount!: string;
  @ApiProperty({ pattern: '^[A-Z]{3}$', example: 'TRY' })
  currency!: string;
  @ApiProperty({ type: BeneficiaryViewDto })
  beneficiary!: BeneficiaryViewDto;
  @ApiProperty({ type: CustomerViewDto, nullable: true })
  customer!: CustomerViewDto | null;
  @ApiProperty({ example: 'order-991', nullable: true, type: String })
  reference!: string | null;
  @ApiProperty({ example: 'Winnings withdrawal', nullable: true, type: String })
  description!: string | null;
  @ApiProperty({ example: { orderId: '991' }, type: 'object', additionalProperties: { type: 'string' } })
  metadata!: Record<string, string>;
  @ApiProperty({ nullable: true, type: String, description: 'null until routed' })
  provider!: string | null;
  @ApiProperty({
    example: '2505267108142371608',
    nullable: true,
    type: String,
    description: "the provider's id, a string",
  })
  providerReference!: string | null;
  @ApiProperty({ type: FailureDto, nullable: true, description: 'set when failed (or canceled)' })
  failure!: FailureDto | null;
  @ApiProperty({ type: RoutingDto, nullable: true })
  routing!: RoutingDto | null;
  @ApiProperty({ example: '2026-05-26T10:00:00.000Z' })
  createdAt!: string;
  @ApiProperty({ example: '2026-05-26T10:00:05.000Z' })
  updatedAt!: string;
  @ApiProperty({ example: null, nullable: true, type: String })
  completedAt!: string | null;
  @ApiProperty({
    example: null,
    nullable: true,
    type: String,
    format: 'date-time',
    description:
      'the release time asked for at creation, or the EFT window opening a payout above FAST_MAX_AMOUNT was held for ' +
      '(holdReason rail_closed); null when the payout was paid at once',
  })
  scheduledFor!: string | null;
  @ApiProperty({
    type: ApprovalDto,
    nullable: true,
    description: 'what the approval policy asked of the payout and who approved it; null when it needed no approval',
  })
  approval!: ApprovalDto | null;
  @ApiProperty({
    example: null,
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'the batch the payout is an item of (POST /v1/payout-batches); null for a single payout',
  })
  batchId!: string | null;
  @ApiProperty({
    example: null,
    nullable: true,
    type: String,
    description: 'your reference for the item, unique within its batch; null for a single payout',
  })
  itemReference!: string | null;
  @ApiProperty({
    enum: RAILS,
    enumName: 'Rail',
    nullable: true,
    example: 'fast',
    description:
      'the rail the payout travels on: `fast` (instant, up to FAST_MAX_AMOUNT) or `eft`; null before routing',
  })
  rail!: Rail | null;
  @ApiProperty({
    example: '2026-05-26T10:01:05.000Z',
    nullable: true,
    type: String,
    format: 'date-time',
    description:
      'when the payout is expected to complete on its rail (FAST: a minute after the provider accepts it; EFT: an ' +
      'hour after acceptance or its window’s close if sooner, or an hour after the window it waits for opens); null ' +
      'while unknown (manual review, not routed)',
  })
  expectedCompletionAt!: string | null;
  @ApiProperty({
    enum: HOLD_REASONS,
    enumName: 'HoldReason',
    nullable: true,
    example: null,
    description:
      'why a waiting payout is held back: `insufficient_provider_balance` (pending until a provider balance covers ' +
      'it, at most INSUFFICIENT_BALANCE_WAIT) or `rail_closed` (scheduled for the next EFT window); null otherwise',
  })
  holdReason!: HoldReason | null;
  @ApiPropertyOptional({
    example: '2026-05-26T10:02:00.000Z',
    nullable: true,
    type: String,
    description:
      'when the service looks at the payout next (while `scheduled`: its release time); present exactly while it ' +
      'is not terminal (terminal: failed, ' +
      'returned, canceled — a succeeded payout keeps it, since the bank may still return the money)',
  })
  nextCheckAt?: string | null;
  @ApiPropertyOptional({
    example: false,
    description: 'ops must look; present exactly while not terminal (as nextCheckAt, succeeded included)',
  })
  needsAttention?: boolean;
}

export class AttemptDto {
  @ApiProperty({ format: 'uuid', example: '0193a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a60' })
  id!: string;
  @ApiProperty()
  provider!: string;
  @ApiProperty({
    example: '0193a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a61',
    description: 'our idempotency reference at the provider',
  })
  reference!: string;
  @ApiProperty({ example: '2505267108142371608', nullable: true, type: String })
  providerId!: string | null;
  @ApiProperty({
    enum: ATTEMPT_STATUSES,
    example: 'accepted',
    description:
      'submitting: being sent; accepted: the provider has it; completed: the provider gave a final answer (`failure` ' +
      'says why when it failed); rejected: proven not executed, so another attempt may follow',
  })
  status!: string;
  @ApiProperty({ type: FailureDto, nullable: true })
  failure!: FailureDto | null;
  @ApiProperty({ example: '2026-05-26T10:00:01.000Z' })
  createdAt!: string;
  @ApiProperty({ example: '2026-05-26T10:00:02.000Z' })
  updatedAt!: string;
}

export class PayoutEventDto {
  @ApiProperty({ example: '42' })
  id!: string;
  @ApiProperty({
    type: 'integer',
    example: 2,
    description: 'version after an applied change; the unchanged version otherwise',
  })
  version!: number;
  @ApiProperty({ enum: PAYOUT_STATUSES, nullable: true, example: 'submitting' })
  from!: string | null;
  @ApiProperty({ enum: PAYOUT_STATUSES, example: 'processing' })
  to!: string;
  @ApiProperty({
    pattern: '^(api|schedule|approval_expiry|dispatch|(webhook|poll|ops|approval):.+)$',
    example: 'dispatch',
    description:
      'api, schedule (the release of a scheduled payout), approval:<client id> (an approver’s decision), ' +
      'approval_expiry, dispatch, webhook:<provider>, poll:<provider>, ops:<actor>',
  })
  source!: string;
  @ApiProperty({ example: true })
  applied!: boolean;
  @ApiProperty({
    example: 'transition',
    description:
      'created, transition, failover, duplicate, stale, not_an_edge, contradiction; on an event a person made, ' +
      'what they typed',
  })
  reason!: string;
  @ApiProperty({ example: 'submitting -> processing from dispatch: applied (transition)' })
  detail!: string;
  @ApiPropertyOptional({
    example: 'payments-ops',
    description: 'only on an event a person made (ops, a client stating why it cancels): the client’s name',
  })
  actor?: string;
  @ApiPropertyOptional({
    example: 'ticket 4411: the provider’s support confirmed the transfer was rejected',
    description: 'only on an event a person made, when they gave evidence',
  })
  evidence?: string;
  @ApiProperty({ example: '2026-05-26T10:00:02.000Z' })
  createdAt!: string;
}

export class ExpandedPayoutDto extends PayoutDto {
  @ApiPropertyOptional({ type: [AttemptDto], description: 'with ?expand=attempts' })
  attempts?: AttemptDto[];
  @ApiPropertyOptional({ type: [PayoutEventDto], description: 'with ?expand=events' })
  events?: PayoutEventDto[];
}

export class PayoutPageDto {
  @ApiProperty({ type: [PayoutDto] })
  data!: PayoutDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'MjAyNi0wNS0yNlQxMDowMDowMC4wMDBafDAxOTNh',
    description: 'null on the last page',
  })
  nextCursor!: string | null;
}

export class FeedItemDto {
  @ApiProperty({ example: '42' })
  id!: string;
  @ApiProperty({ enum: PAYOUT_STATUSES.map((status) => `payout.${status}`), example: 'payout.processing' })
  type!: string;
  @ApiProperty({ format: 'uuid', example: '0193a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b' })
  payoutId!: string;
  @ApiProperty({ type: 'integer', example: 2 })
  version!: number;
  @ApiProperty({ example: '2026-05-26T10:00:02.000Z' })
  createdAt!: string;
  @ApiProperty({ type: PayoutDto, description: 'the payout right after this change' })
  data!: PayoutDto;
}

export class FeedPageDto {
  @ApiProperty({ type: [FeedItemDto] })
  data!: FeedItemDto[];
  @ApiProperty({ nullable: true, type: String, example: 'ODkxMi40Mg', description: 'pass as ?after= to continue' })
  nextCursor!: string | null;
}
