import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ClientRepository } from '@libs/clients';
import { PayoutsModule, PiiCipher } from '@libs/payouts';
import { ConfigService, platformConfig } from '@libs/platform/config';
import { systemClock, TIME_SCALE } from '@libs/platform/time';
import { CallbackGuard, DeliverNotification, RecordStatusChange, SweepNotifications } from './application';
import { receivesCallbacks, SealedCallbackClients } from './delivery/callback-clients';
import { dnsAddressResolver } from './delivery/dns-address-resolver';
import { HttpCallbackSender } from './delivery/http-callback-sender';
import { standardWebhooksSigner } from './delivery/standard-webhooks-signer';
import { notificationsConfig } from './notifications.config';
import { prometheusNotificationMetrics } from './notifications.metrics';
import { NotificationsProcessor } from './notifications.processor';
import { OutboxRelayModule } from './outbox/outbox-relay.module';
import { DeliveryFeedRepository } from './persistence/delivery-feed.repository';
import { DeliveryRepository } from './persistence/delivery.repository';

/**
 * A change whose payout has an earlier change still undelivered looks again after this long (scaled). Settling the
 * earlier change wakes it at once, so this only bounds the wait when that wake-up was lost.
 */
const ORDER_WAIT_MS = 60_000;

/**
 * The worker's notifications: the outbox relay (every queue's jobs, from Postgres), signed client callbacks with
 * retries, and the sweep behind them (needs QueuesModule).
 */
@Module({
  imports: [PayoutsModule, OutboxRelayModule],
  providers: [
    {
      provide: DeliveryRepository,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new DeliveryRepository(dataSource.manager),
    },
    {
      provide: ClientRepository,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new ClientRepository(dataSource.manager),
    },
    {
      provide: DeliverNotification,
      inject: [DeliveryRepository, ClientRepository, PiiCipher, ConfigService, TIME_SCALE],
      useFactory: (
        store: DeliveryRepository,
        clients: ClientRepository,
        cipher: PiiCipher,
        config: ConfigService,
        timeScale: number,
      ) => {
        const platform = config.get(platformConfig);
        const settings = config.get(notificationsConfig);
        const guard = new CallbackGuard(dnsAddressResolver, {
          allowedHosts: platform.callbackAllowedHosts,
          isDevelopment: platform.nodeEnv === 'development',
        });
        return new DeliverNotification(
          store,
          new SealedCallbackClients(clients, cipher),
          guard,
          new HttpCallbackSender(),
          standardWebhooksSigner,
          prometheusNotificationMetrics(),
          systemClock,
          {
            retryForMs: settings.retryForMs,
            timeoutMs: settings.timeoutMs,
            timeScale,
            orderWaitMs: ORDER_WAIT_MS,
          },
        );
      },
    },
    {
      provide: RecordStatusChange,
      inject: [DeliveryRepository, ClientRepository],
      useFactory: (store: DeliveryRepository, clients: ClientRepository) =>
        new RecordStatusChange(store, receivesCallbacks(clients), systemClock),
    },
    {
      provide: SweepNotifications,
      inject: [DataSource, DeliveryRepository, DeliverNotification],
      useFactory: (dataSource: DataSource, store: DeliveryRepository, deliver: DeliverNotification) =>
        new SweepNotifications(new DeliveryFeedRepository(dataSource.manager), store, deliver, systemClock, {
          feedBatchSize: 500,
          claimBatchSize: 100,
          concurrency: 4,
        }),
    },
    NotificationsProcessor,
  ],
})
export class NotificationsJobsModule {}
