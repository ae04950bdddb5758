import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import { EXAMPLE_PROVIDER, OTHER_EXAMPLE_PROVIDER } from '@libs/providers';

// Shapes for the OpenAPI document. Bodies are checked field by field in rule-body.ts and by the domain's
// validateRoutingRule, so every problem names its path (`match.minAmount`, `targets[1].weight`); @Allow() only
// whitelists the top-level keys (anything else is refused by the global validation pipe).

export class RuleMatchDto {
  @ApiPropertyOptional({ example: 'TRY', description: 'ISO 4217' })
  currency?: string;
  @ApiPropertyOptional({ example: '100000', description: 'inclusive lower bound, minor units as a string' })
  minAmount?: string;
  @ApiPropertyOptional({ example: '5000000', description: 'inclusive upper bound, minor units as a string' })
  maxAmount?: string;
  @ApiPropertyOptional({
    example: ['00100', '00062'],
    type: [String],
    description: '5-digit bank codes of the beneficiary IBAN',
  })
  bankCodes?: string[];
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'API clients the rule applies to' })
  clientIds?: string[];
  @ApiPropertyOptional({
    example: { segment: 'vip' },
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'every key must be on the payout with exactly this value',
  })
  metadata?: Record<string, string>;
}

export class RuleTargetDto {
  @ApiProperty()
  provider!: string;
  @ApiProperty({
    type: 'integer',
    example: 70,
    minimum: 1,
    description: 'share of payouts: weight / sum of eligible weights',
  })
  weight!: number;
}

export class RoutingRuleBodyDto {
  @ApiProperty({ example: 'large TRY payouts', maxLength: 100 })
  @Allow()
  name!: string;

  @ApiProperty({ type: 'integer', example: 10, minimum: 0, description: 'lower is evaluated first' })
  @Allow()
  priority!: number;

  @ApiPropertyOptional({ example: true, default: true })
  @Allow()
  enabled?: boolean;

  @ApiPropertyOptional({ type: RuleMatchDto, description: 'every given criterion must hold; {} matches all' })
  @Allow()
  match?: RuleMatchDto;

  @ApiProperty({
    type: [RuleTargetDto],
    example: [
      { provider: OTHER_EXAMPLE_PROVIDER.name, weight: 70 },
      { provider: EXAMPLE_PROVIDER.name, weight: 30 },
    ],
  })
  @Allow()
  targets!: RuleTargetDto[];

  @ApiPropertyOptional({
    type: [String],
    example: [EXAMPLE_PROVIDER.name],
    default: [],
    description: 'tried in order when no target is eligible',
  })
  @Allow()
  fallback?: string[];

  @ApiProperty({
    example: `${OTHER_EXAMPLE_PROVIDER.displayName} has the better fee above 1,000 TRY`,
    description: 'why; kept in the audit log',
  })
  @Allow()
  reason!: string;
}

export class RoutingRuleDto {
  @ApiProperty({ format: 'uuid', example: '0193a1b2-0000-7000-8000-00000000a001' })
  id!: string;
  @ApiProperty({ example: 'large TRY payouts' })
  name!: string;
  @ApiProperty({ type: 'integer', example: 10 })
  priority!: number;
  @ApiProperty({ example: true })
  enabled!: boolean;
  @ApiProperty({ type: RuleMatchDto, example: { currency: 'TRY', minAmount: '100000' } })
  match!: RuleMatchDto;
  @ApiProperty({ type: [RuleTargetDto] })
  targets!: RuleTargetDto[];
  @ApiProperty({ type: [String], example: [EXAMPLE_PROVIDER.name] })
  fallback!: string[];
  @ApiProperty({ type: 'integer', example: 3, description: '1 on create, +1 on every change (delete included)' })
  version!: number;
  @ApiProperty({ example: '2026-01-05T10:00:00.000Z' })
  createdAt!: string;
  @ApiProperty({ example: '2026-01-07T08:30:00.000Z' })
  updatedAt!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    example: null,
    description: 'set once deleted; the rule stays readable',
  })
  deletedAt!: string | null;
}

export class RoutingRuleListDto {
  @ApiProperty({ type: [RoutingRuleDto], description: 'rules not deleted, in evaluation order' })
  data!: RoutingRuleDto[];
}
