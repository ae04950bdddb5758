import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import { CustomerDto } from '@libs/payouts';
import { EXAMPLE_PROVIDER, OTHER_EXAMPLE_PROVIDER } from '@libs/providers';

// The explain body is the POST /v1/payouts body (checked with the same domain rules in explain-body.ts), plus two
// optional fields that say whose payout it would be.

export class ExplainBeneficiaryDto {
  @ApiProperty({ example: 'Ahmet Yılmaz' })
  name!: string;
  @ApiProperty({ pattern: '^[A-Za-z]{2}[0-9]{2}[A-Za-z0-9 ]{10,}$', example: 'TR320010009999901234567890' })
  iban!: string;
  @ApiPropertyOptional({ type: String, example: '10000000146', nullable: true })
  nationalId?: string | null;
}

export class ExplainRoutingDto {
  @ApiProperty({ pattern: '^[1-9][0-9]{0,18}$', example: '250000', description: 'minor units as a string' })
  @Allow()
  amount!: string;
  @ApiProperty({ pattern: '^[A-Z]{3}$', example: 'TRY' })
  @Allow()
  currency!: string;
  @ApiProperty({ type: ExplainBeneficiaryDto })
  @Allow()
  beneficiary!: ExplainBeneficiaryDto;
  @ApiPropertyOptional({ type: CustomerDto, nullable: true, description: 'not used by routing' })
  @Allow()
  customer?: CustomerDto | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'order-991', description: 'not used by routing' })
  @Allow()
  reference?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'Winnings withdrawal',
    description: 'not used by routing',
  })
  @Allow()
  description?: string | null;
  @ApiPropertyOptional({ example: { segment: 'vip' }, type: 'object', additionalProperties: { type: 'string' } })
  @Allow()
  metadata?: Record<string, string>;
  @ApiPropertyOptional({ description: 'a pinned provider, as on POST /v1/payouts' })
  @Allow()
  provider?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the client the payout would belong to (default: the caller)' })
  @Allow()
  clientId?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'seeds the weighted choice (the same payout always gets the same pick); default: a fresh id, one sample',
  })
  @Allow()
  payoutId?: string;
}

export class ProviderEligibilityDto {
  @ApiProperty()
  provider!: string;
  @ApiProperty({ example: false })
  eligible!: boolean;
  @ApiProperty({ example: 'draining: takes no new payouts' })
  reason!: string;
}

export class RuleCheckDto {
  @ApiProperty({ format: 'uuid' })
  ruleId!: string;
  @ApiProperty({ type: 'integer', example: 2 })
  ruleVersion!: number;
  @ApiProperty({ example: 'large TRY payouts' })
  name!: string;
  @ApiProperty({ example: true })
  matched!: boolean;
  @ApiProperty({ example: 'matched: decides' })
  reason!: string;
}

export class RoutingExplanationDto {
  @ApiProperty({
    enum: ['reported', 'unknown'],
    example: 'reported',
    description:
      'unknown while Redis (the workers’ circuit reports) is unreachable: the decision then counts no circuit as ' +
      'open, and a dispatch may still avoid a provider whose circuit its worker holds open',
  })
  circuits!: 'reported' | 'unknown';
  @ApiProperty({ nullable: true, type: String, description: 'null: nothing can take it now' })
  provider!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  ruleId!: string | null;
  @ApiProperty({ example: 2, nullable: true, type: 'integer' })
  ruleVersion!: number | null;
  @ApiProperty({
    example: `rule "large TRY payouts" v2 matched; no target eligible, fallback ${EXAMPLE_PROVIDER.name}`,
  })
  reason!: string;
  @ApiProperty({
    type: [ProviderEligibilityDto],
    example: [
      { provider: EXAMPLE_PROVIDER.name, eligible: true, reason: 'eligible' },
      { provider: OTHER_EXAMPLE_PROVIDER.name, eligible: false, reason: 'draining: takes no new payouts' },
    ],
  })
  providers!: ProviderEligibilityDto[];
  @ApiProperty({ type: [RuleCheckDto], description: 'every rule in evaluation order' })
  rules!: RuleCheckDto[];
}
