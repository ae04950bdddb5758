import { Module } from '@nestjs/common';
import {
  entityManagerOf,
  PAYOUT_STORE,
  PayoutsModule,
  PiiCipher,
  sealedStoreProvider,
  TransitionPayout,
  type PayoutStore,
} from '@libs/payouts';
import { ConfigService } from '@libs/platform/config';
import { TIME_SCALE } from '@libs/platform/time';
import { ProviderRegistry, ProvidersModule } from '@libs/providers';
import { reconciliationConfig } from '@libs/reconciliation';
import { ProcessWebhook } from './application/process-webhook';
import { SweepWebhookInbox } from './application/sweep-webhook-inbox';
import { WebhookInboxRepository } from './persistence/webhook-inbox.repository';
import { WebhookInboxClaimer } from './webhook-inbox.claimer';
import { WebhookInboxProcessor } from './webhook-inbox.processor';
import { webhooksConfig } from './webhooks.config';
import { prometheusWebhookMetrics } from './webhooks.metrics';

/**
 * The worker side of the inbox: claims stored webhooks from Postgres as they come and processes them, and sweeps what
 * still waits on a schedule (needs QueuesModule for the sweep's scheduler).
 */
@Module({
  imports: [ProvidersModule, PayoutsModule],
  providers: [
    sealedStoreProvider(WebhookInboxRepository),
    {
      provide: ProcessWebhook,
      inject: [
        WebhookInboxRepository,
        PAYOUT_STORE,
        TransitionPayout,
        ProviderRegistry,
        ConfigService,
        TIME_SCALE,
        PiiCipher,
      ],
      useFactory: (
        inbox: WebhookInboxRepository,
        payouts: PayoutStore,
        transition: TransitionPayout,
        registry: ProviderRegistry,
        config: ConfigService,
        timeScale: number,
        cipher: PiiCipher,
      ) => {
        const settings = config.get(webhooksConfig);
        return new ProcessWebhook(
          inbox,
          payouts,
          transition,
          registry,
          prometheusWebhookMetrics(),
          {
            timeScale,
            leaseMs: settings.processingLeaseMs,
            orphanRetryForMs: settings.orphanRetryForMs,
            confirmRetryForMs: settings.confirmRetryForMs,
            lookAgainMs: config.get(reconciliationConfig).lookAgainMs,
          },
          // The inbox row's outcome commits with the status decision it records.
          (transaction) => new WebhookInboxRepository(entityManagerOf(transaction), cipher),
        );
      },
    },
    {
      provide: SweepWebhookInbox,
      inject: [WebhookInboxRepository, ProcessWebhook, ConfigService],
      useFactory: (inbox: WebhookInboxRepository, process: ProcessWebhook, config: ConfigService) =>
        new SweepWebhookInbox(inbox, process, prometheusWebhookMetrics(), {
          batchSize: 100,
          leaseMs: config.get(webhooksConfig).processingLeaseMs,
          concurrency: 4,
        }),
    },
    WebhookInboxProcessor,
    WebhookInboxClaimer,
  ],
})
export class WebhooksJobsModule {}
