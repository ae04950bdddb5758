import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow } from 'class-validator';

export class ClosurePutDto {
  @ApiProperty({
    example: 'interbank system maintenance announced by the central bank',
    description: 'why EFT is closed that day; also the audit log’s reason',
  })
  @Allow()
  reason!: string;

  @ApiPropertyOptional({
    example: '12:30',
    type: String,
    nullable: true,
    description: 'a half day: EFT moves until this time (HH:MM Europe/Istanbul) that day; absent: closed all day',
  })
  @Allow()
  halfDayUntil?: string | null;
}

export class ClosureDto {
  @ApiProperty({ example: '2026-12-31', description: 'a Europe/Istanbul calendar date' })
  date!: string;

  @ApiProperty({ example: 'interbank system maintenance announced by the central bank' })
  reason!: string;

  @ApiPropertyOptional({ example: '12:30', description: 'EFT stops at this time (Europe/Istanbul); absent: all day' })
  halfDayUntil?: string;
}

export class ClosureListDto {
  @ApiProperty({ type: [ClosureDto] })
  data!: ClosureDto[];
}
