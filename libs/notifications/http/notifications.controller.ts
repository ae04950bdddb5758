import { Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse } from '@nestjs/swagger';
import { ApiKeyController, ApiProblems, CurrentClient, Scopes, type AuthenticatedClient } from '@libs/clients';
import { ProblemError } from '@libs/platform/http';
import { ListNotifications, NOTIFICATIONS_LIMIT, RedeliverNotification } from '../application';
import { NotificationDto, NotificationPageDto } from './dto/notification.dto';
import { ListNotificationsQueryDto } from './dto/notification-queries.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ApiKeyController('notifications', 'v1/notifications')
export class NotificationsController {
  constructor(
    @Inject(ListNotifications) private readonly listNotifications: ListNotifications,
    @Inject(RedeliverNotification) private readonly redeliverNotification: RedeliverNotification,
  ) {}

  @Get()
  @Scopes('payouts:read')
  @ApiOperation({
    operationId: 'listNotifications',
    summary: "The caller's callback deliveries, newest first, each with its tries",
    description: 'One delivery per applied status change of one of the caller’s payouts (when it has a callback URL).',
  })
  @ApiResponse({ status: 200, type: NotificationPageDto })
  @ApiProblems('validation_failed')
  list(@Query() query: ListNotificationsQueryDto, @CurrentClient() client: AuthenticatedClient) {
    return this.listNotifications.execute({
      clientId: client.id,
      ...(query.payoutId ? { payoutId: query.payoutId.toLowerCase() } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.cursor ? { before: query.cursor.toLowerCase() } : {}),
      limit: query.limit ?? NOTIFICATIONS_LIMIT.default,
    });
  }

  @Post(':id/redeliver')
  @Scopes('payouts:write')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'redeliverNotification',
    summary: 'Send a notification once more (same webhook-id), with a new 72 h retry period',
    description: 'Later changes of the same payout wait until this one is delivered or given up again.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 202, type: NotificationDto, description: 'Queued; it is tried at once' })
  @ApiProblems('not_found')
  redeliver(@Param('id') id: string, @CurrentClient() client: AuthenticatedClient) {
    if (!UUID.test(id)) throw new ProblemError('not_found', `no notification ${id.slice(0, 64)}`);
    return this.redeliverNotification.execute(id.toLowerCase(), client.id);
  }
}
