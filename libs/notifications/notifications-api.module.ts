import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ListNotifications, RedeliverNotification, type Clock } from './application';
import { NotificationsController } from './http/notifications.controller';
import { NotificationReadsRepository } from './persistence/notification-reads.repository';

const systemClock: Clock = { now: () => new Date() };

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
