import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { NOTIFICATIONS_LIMIT } from '../../application';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../../domain';

export class ListNotificationsQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'only the notifications of this payout' })
  @IsOptional()
  @IsUUID()
  payoutId?: string;

  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: NOTIFICATIONS_LIMIT.min,
    maximum: NOTIFICATIONS_LIMIT.max,
    default: NOTIFICATIONS_LIMIT.default,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(NOTIFICATIONS_LIMIT.min)
  @Max(NOTIFICATIONS_LIMIT.max)
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page' })
  @IsOptional()
  @IsUUID()
  cursor?: string;
}
