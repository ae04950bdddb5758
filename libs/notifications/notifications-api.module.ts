import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { systemClock } from '@libs/platform/time';
import { ListNotifications, RedeliverNotification } from './application';
import { NotificationsController } from './http/notifications.controller';
import { NotificationReadsRepository } from './persistence/notification-reads.repository';

/** The api's notification routes: GET /v1/notifications and POST /v1/notifications/{id}/redeliver. */
@Module({
  controllers: [NotificationsController],
  providers: [
    {
      provide: NotificationReadsRepository,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new NotificationReadsRepository(dataSource.manager),
    },
    {
      provide: ListNotifications,
      inject: [NotificationReadsRepository],
      useFactory: (reads: NotificationReadsRepository) => new ListNotifications(reads),
    },
    {
      provide: RedeliverNotification,
      inject: [NotificationReadsRepository],
      useFactory: (reads: NotificationReadsRepository) => new RedeliverNotification(reads, systemClock),
    },
  ],
})
export class NotificationsApiModule {}
