import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageLimit } from '@libs/platform/http';
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

  @PageLimit(NOTIFICATIONS_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page' })
  @IsOptional()
  @IsUUID()
  cursor?: string;
}
