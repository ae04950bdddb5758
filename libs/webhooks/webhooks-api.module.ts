import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { PayoutsModule, sealedStoreProvider } from '@libs/payouts';
import { ConfigService } from '@libs/platform/config';
import { ProviderRegistry, ProvidersModule } from '@libs/providers';
import { IngestWebhook } from './application/ingest-webhook';
import { WebhookRawBodyMiddleware } from './http/webhook-raw-body.middleware';
import { WebhooksController } from './http/webhooks.controller';
import { WebhookInboxRepository } from './persistence/webhook-inbox.repository';
import { webhooksConfig } from './webhooks.config';
import { prometheusWebhookMetrics } from './webhooks.metrics';

/** The api side of the inbox: the provider webhook routes, which store and answer; the worker does the rest. */
@Module({
  // PayoutsModule for the PII cipher: every body is stored sealed.
  imports: [ProvidersModule, PayoutsModule],
  controllers: [WebhooksController],
  providers: [
    sealedStoreProvider(WebhookInboxRepository),
    {
      provide: IngestWebhook,
      inject: [ProviderRegistry, WebhookInboxRepository, ConfigService],
      useFactory: (registry: ProviderRegistry, inbox: WebhookInboxRepository, config: ConfigService) =>
        new IngestWebhook(registry, inbox, prometheusWebhookMetrics(), {
          maxBodyBytes: config.get(webhooksConfig).maxBodyBytes,
        }),
    },
    WebhookRawBodyMiddleware,
  ],
})
export class WebhooksApiModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(WebhookRawBodyMiddleware).forRoutes(WebhooksController);
  }
}
