import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  IsDefined,
  IsISO4217CurrencyCode,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsPlainText } from '@libs/platform/http';
import { IsBeneficiaryName, IsIban, IsMetadata, IsMinorUnits, IsNationalId, METADATA_LIMITS } from './domain-checks';

export class BeneficiaryDto {
  @ApiProperty({
    example: 'Ahmet Yılmaz',
    description:
      'account holder name: letters, spaces, apostrophes, hyphens, dots; stored and sent in one spelling (Unicode NFC, ' +
      'runs of spaces as one, trimmed, letter case as written) and compared with Turkish casing (i/İ, ı/I). A ' +
      "person's name needs at least two words (given name and surname); one word only with a VKN as nationalId (a " +
      'company). Otherwise 400 validation_failed naming beneficiary.name',
  })
  @IsDefined()
  @IsBeneficiaryName()
  name!: string;

  @ApiProperty({
    pattern: '^[A-Za-z]{2}[0-9]{2}[A-Za-z0-9 ]{10,}$',
    example: 'TR320010009999901234567890',
    description:
      'ISO 13616 (mod-97, country length); spaces allowed. A country no enabled provider pays to (today only TR) is refused with 422 validation_failed naming beneficiary.iban',
  })
  @IsDefined()
  @IsIban()
  iban!: string;

  @ApiPropertyOptional({
    type: String,
    pattern: '^[0-9]{10,11}$',
    example: '10000000146',
    nullable: true,
    description: 'TCKN (11 digits) or VKN (10 digits), checksummed; some providers require it',
  })
  @IsOptional()
  @IsNationalId()
  nationalId?: string | null;
}

export class CustomerDto {
  @ApiProperty({ example: 'user-12345', maxLength: 128 })
  @IsString()
  @Length(1, 128)
  @IsPlainText()
  id!: string;

  @ApiPropertyOptional({ example: 'Ahmet Y.', maxLength: 128 })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  @IsPlainText()
  label?: string;
}

export class CreatePayoutDto {
  @ApiProperty({
    pattern: '^[1-9][0-9]{0,18}$',
    example: '250000',
    description: 'integer minor units as a string (250000 = 2,500.00 TRY), > 0',
  })
  @IsDefined()
  @IsMinorUnits()
  amount!: string;

  @ApiProperty({
    pattern: '^[A-Z]{3}$',
    example: 'TRY',
    description:
      'ISO 4217 code that an enabled provider pays (today TRY); another is refused with 422 validation_failed naming currency',
  })
  @IsDefined()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be three upper-case letters (ISO 4217)' })
  @IsISO4217CurrencyCode()
  currency!: string;

  @ApiProperty({ type: BeneficiaryDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => BeneficiaryDto)
  beneficiary!: BeneficiaryDto;

  @ApiPropertyOptional({ type: CustomerDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CustomerDto)
  customer?: CustomerDto | null;

  @ApiPropertyOptional({
    type: String,
    example: 'order-991',
    maxLength: 128,
    nullable: true,
    description: 'your reference; filterable',
  })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  @IsPlainText()
  reference?: string | null;

  @ApiPropertyOptional({ type: String, example: 'Winnings withdrawal', maxLength: 500, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @IsPlainText()
  description?: string | null;

  @ApiPropertyOptional({
    example: { orderId: '991' },
    type: 'object',
    additionalProperties: { type: 'string', maxLength: METADATA_LIMITS.valueLength },
    maxProperties: METADATA_LIMITS.keys,
    nullable: true,
    description: `at most ${METADATA_LIMITS.keys} string keys, values at most ${METADATA_LIMITS.valueLength} characters`,
  })
  @IsOptional()
  @IsMetadata()
  metadata?: Record<string, string> | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      'pin a registered provider; one that is not enabled or cannot take the payout (currency, IBAN country, amount, national id) is refused with 422 validation_failed naming provider',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9_-]{0,31}$/, { message: 'provider must be a provider name (a-z, 0-9, _ and -)' })
  provider?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-12-05T09:00:00+03:00',
    description:
      'pay at this time, not before: ISO 8601 with an offset, at most SCHEDULE_MAX_AHEAD (default 90 days) ahead. ' +
      'The payout is `scheduled` until then, then `pending`; a time in the past or now means now. Anything else is ' +
      'refused with 422 validation_failed naming scheduledFor',
  })
  // Checked by CreatePayout (readScheduledFor), so every bad value answers 422 naming it.
  @Allow()
  scheduledFor?: unknown;
}
