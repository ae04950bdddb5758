import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import { CIRCUIT_STATES } from '../../application';
import { OTHER_EXAMPLE_PROVIDER } from '@libs/providers';

export class ProviderPatchDto {
  @ApiPropertyOptional({ example: true, description: 'false: routing sends it nothing new' })
  @Allow()
  enabled?: boolean;
  @ApiPropertyOptional({ example: true, description: 'take no new payouts, keep resolving the ones in flight' })
  @Allow()
  drain?: boolean;
  @ApiPropertyOptional({
    example: '1000',
    nullable: true,
    type: String,
    description: 'minor units; narrows the provider’s own minimum; null = the provider’s own',
  })
  @Allow()
  minAmount?: string | null;
  @ApiPropertyOptional({
    example: '5000000',
    nullable: true,
    type: String,
    description: 'minor units; null = the provider’s own',
  })
  @Allow()
  maxAmount?: string | null;
  @ApiPropertyOptional({
    example: '100000000',
    nullable: true,
    type: String,
    description: 'minor units per UTC day; null = none',
  })
  @Allow()
  dailyLimit?: string | null;
  @ApiPropertyOptional({
    example: '5000000',
    nullable: true,
    type: String,
    description: 'minor units; a known balance under it is low (metric payout_provider_balance_low); null = none',
  })
  @Allow()
  lowBalanceThreshold?: string | null;
  @ApiProperty({
    example: `${OTHER_EXAMPLE_PROVIDER.displayName} maintenance window 22:00-23:00`,
    description: 'why; kept in the audit log',
  })
  @Allow()
  reason!: string;
}

export class ProviderConfiguredDto {
  @ApiProperty({ example: true, description: 'credentials are set (no setting can enable a provider without them)' })
  enabled!: boolean;
  @ApiProperty({ example: true })
  usesSandbox!: boolean;
  @ApiProperty({ nullable: true, type: String, example: null })
  disabledReason!: string | null;
}

export class ProviderCapabilitiesDto {
  @ApiProperty({ type: [String], example: ['TRY'] })
  currencies!: string[];
  @ApiProperty({ type: [String], example: ['TR'], description: 'ISO 3166 countries of the IBANs it pays to' })
  ibanCountries!: string[];
  @ApiProperty({ example: true })
  requiresNationalId!: boolean;
  @ApiProperty({ example: '1', description: 'inclusive, minor units' })
  minAmount!: string;
  @ApiProperty({ example: '10000000', description: 'inclusive, minor units' })
  maxAmount!: string;
}

export class ProcessCircuitDto {
  @ApiProperty({ example: 'worker-7f3a' })
  instance!: string;
  @ApiProperty({ enum: CIRCUIT_STATES, example: 'closed' })
  state!: string;
  @ApiProperty({ example: '2026-01-07T08:30:00.000Z' })
  since!: string;
}

/**
 * The workers report health through Redis: while it is unreachable the settings still answer (from Postgres) and the
 * health says it is not known: `circuit: unknown`, no processes, null counts.
 */
export class ProviderHealthDto {
  @ApiProperty({
    enum: [...CIRCUIT_STATES, 'unknown'],
    example: 'closed',
    description: 'open when any live worker holds it open; unknown while Redis (the workers’ reports) is unreachable',
  })
  circuit!: string;
  @ApiProperty({ type: [ProcessCircuitDto], description: 'empty when the circuit is unknown' })
  processes!: ProcessCircuitDto[];
  @ApiProperty({ type: 'integer', example: 300 })
  windowSeconds!: number;
  @ApiProperty({
    example: 120,
    nullable: true,
    type: 'integer',
    description: 'submissions in the window; null: unknown',
  })
  calls!: number | null;
  @ApiProperty({
    example: 3,
    nullable: true,
    type: 'integer',
    description: 'timeouts, connection errors, 5xx in the window; null: unknown',
  })
  transportFailures!: number | null;
  @ApiProperty({ example: 0.025, nullable: true, type: Number, description: 'null: unknown' })
  errorRate!: number | null;
}

export class ProviderBalanceDto {
  @ApiProperty({ example: '125000000', description: 'minor units' })
  amount!: string;
  @ApiProperty({ example: 'TRY' })
  currency!: string;
  @ApiProperty({ example: '2026-01-07T08:30:00.000Z', description: 'when the provider’s answer stated it' })
  asOf!: string;
  @ApiProperty({
    enum: ['submission', 'read'],
    example: 'submission',
    description: 'submission: from a send’s answer; read: from the provider’s balance call',
  })
  source!: 'submission' | 'read';
}

export class ProviderDto {
  @ApiProperty({ example: OTHER_EXAMPLE_PROVIDER.name })
  name!: string;
  @ApiProperty({ example: true })
  enabled!: boolean;
  @ApiProperty({ example: false })
  drain!: boolean;
  @ApiProperty({ nullable: true, type: String, example: null })
  minAmount!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '5000000' })
  maxAmount!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '100000000' })
  dailyLimit!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '5000000', description: 'minor units; null = none' })
  lowBalanceThreshold!: string | null;
  @ApiProperty({
    type: ProviderBalanceDto,
    nullable: true,
    description: 'the last known sending balance; null while unknown (unknown is not zero)',
  })
  balance!: ProviderBalanceDto | null;
  @ApiProperty({ type: 'integer', example: 2, description: '0 until first changed, +1 on every change' })
  version!: number;
  @ApiProperty({ nullable: true, type: String, example: '2026-01-07T08:30:00.000Z' })
  updatedAt!: string | null;
  @ApiProperty({ type: ProviderConfiguredDto })
  configured!: ProviderConfiguredDto;
  @ApiProperty({ type: ProviderCapabilitiesDto })
  capabilities!: ProviderCapabilitiesDto;
  @ApiProperty({
    example: '2500000',
    description: 'routed to it today (the Europe/Istanbul calendar day), rejected attempts excluded',
  })
  dailyUsed!: string;
  @ApiProperty({ type: ProviderHealthDto })
  health!: ProviderHealthDto;
}

export class ProviderListDto {
  @ApiProperty({ type: [ProviderDto] })
  data!: ProviderDto[];
}
