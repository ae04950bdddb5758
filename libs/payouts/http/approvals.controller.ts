import { Body, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { Allow, IsOptional, IsString } from 'class-validator';
import { ApiKeyController, ApiProblems, CurrentClient, Scopes, type AuthenticatedClient } from '@libs/clients';
import {
  APPROVAL_REASON_MAX_LENGTH,
  DecideApprovals,
  ListAwaitingApproval,
  ManageApprovalPolicy,
} from '../application';
import { PayoutDto } from './dto/payout.dto';
import { payoutIdOrThrow } from './payout-id';

class ApprovalRuleDto {
  @ApiProperty({ example: '1000000', description: 'minor units, inclusive: payouts at or above it match' })
  minAmount!: string;
  @ApiProperty({ example: 'TRY' })
  currency!: string;
  @ApiProperty({ enum: [1, 2], example: 2 })
  approvals!: 1 | 2;
  @ApiPropertyOptional({ type: [String], description: 'only payouts of these clients match; every client when absent' })
  clientIds?: string[];
}

class ApprovalPolicyDto {
  @ApiProperty({ example: 3, description: '0 before any policy was set' })
  version!: number;
  @ApiProperty({ type: [ApprovalRuleDto] })
  rules!: ApprovalRuleDto[];
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'the client that set this version' })
  setBy!: string | null;
  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  setAt!: string | null;
}

/** Checked by the domain (readApprovalRulesOrThrow), so every bad field is named at once. */
class ApprovalPolicyBodyDto {
  @ApiProperty({ type: [ApprovalRuleDto], description: 'the whole policy; [] clears it' })
  @Allow()
  rules?: unknown;
  @ApiProperty({ type: String, example: 'two approvals for payouts of 10,000.00 TRY and more (audit finding 2026-12)' })
  @Allow()
  reason?: unknown;
}

class ApprovalDecisionDto {
  @ApiPropertyOptional({
    type: String,
    maxLength: APPROVAL_REASON_MAX_LENGTH,
    description: 'optional to approve, required to reject; on the event and the audit row',
  })
  @IsOptional()
  @IsString()
  reason?: string;
}

class ApprovalsPageDto {
  @ApiProperty({ type: [PayoutDto] })
  data!: PayoutDto[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

class ApprovalsQueryDto {
  @ApiPropertyOptional({ description: '`nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  cursor?: string;
}

const approverOf = (client: AuthenticatedClient) => ({ clientId: client.id, clientName: client.name });

/** Maker-checker approvals (programs.md): the policy, the queue, and the approvers' decisions. */
@ApiKeyController('approvals', 'v1')
export class ApprovalsController {
  constructor(
    @Inject(ManageApprovalPolicy) private readonly policy: ManageApprovalPolicy,
    @Inject(DecideApprovals) private readonly decisions: DecideApprovals,
    @Inject(ListAwaitingApproval) private readonly queue: ListAwaitingApproval,
  ) {}

  @Get('approval-policy')
  @Scopes('ops:read')
  @ApiOperation({ operationId: 'getApprovalPolicy', summary: 'The current approval policy (version 0: none)' })
  @ApiResponse({ status: 200, type: ApprovalPolicyDto })
  getPolicy() {
    return this.policy.get();
  }

  @Put('approval-policy')
  @Scopes('routing:admin')
  @ApiOperation({
    operationId: 'replaceApprovalPolicy',
    summary: 'Replace the approval policy (version + 1); audited with the caller and the reason',
    description:
      'A payout at or above a rule’s minAmount (its currency, its clients when listed) needs that many approvals; ' +
      'the matching rule with the most approvals wins. `rules: []` clears the policy. Applies to payouts created ' +
      'from now on.',
  })
  @ApiBody({ type: ApprovalPolicyBodyDto })
  @ApiResponse({ status: 200, type: ApprovalPolicyDto })
  @ApiProblems('validation_failed', 'unsupported_media_type')
  replacePolicy(@Body() body: ApprovalPolicyBodyDto, @CurrentClient() client: AuthenticatedClient) {
    return this.policy.replace(body ?? {}, client.id);
  }

  @Get('approvals')
  @Scopes('payouts:approve')
  @ApiOperation({
    operationId: 'listApprovals',
    summary: 'Payouts awaiting approval, of every client, oldest first',
  })
  @ApiResponse({ status: 200, type: ApprovalsPageDto })
  @ApiProblems('validation_failed')
  list(@Query() query: ApprovalsQueryDto) {
    return this.queue.execute(query.cursor);
  }

  @Post('payouts/:id/approve')
  @Scopes('payouts:approve')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'approvePayout',
    summary: 'Approve a payout awaiting approval (never your own; once per client)',
    description:
      'With the last approval needed the payout moves to scheduled (its scheduledFor still ahead) or pending. ' +
      'Your own payout or a second approval: 403. A payout not awaiting approval: 409.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({ type: ApprovalDecisionDto, required: false })
  @ApiResponse({ status: 200, type: PayoutDto })
  @ApiProblems('validation_failed', 'not_found', 'invalid_state', 'unsupported_media_type')
  approve(@Param('id') id: string, @Body() body: ApprovalDecisionDto, @CurrentClient() client: AuthenticatedClient) {
    return this.decisions.decide(payoutIdOrThrow(id), approverOf(client), 'approve', body?.reason);
  }

  @Post('payouts/:id/reject')
  @Scopes('payouts:approve')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'rejectPayout',
    summary: 'Reject a payout awaiting approval: it ends canceled (rejected_by_approver); a reason is required',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({ type: ApprovalDecisionDto })
  @ApiResponse({ status: 200, type: PayoutDto })
  @ApiProblems('validation_failed', 'not_found', 'invalid_state', 'unsupported_media_type')
  reject(@Param('id') id: string, @Body() body: ApprovalDecisionDto, @CurrentClient() client: AuthenticatedClient) {
    return this.decisions.decide(payoutIdOrThrow(id), approverOf(client), 'reject', body?.reason);
  }
}
