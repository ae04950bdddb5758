import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PayoutsModule, PiiCipher, ProviderAnswerBodies } from '@libs/payouts';
import { ConfigService } from '@libs/platform/config';
import { WebhookBodies } from '@libs/webhooks';
import { PurgeProviderBodies } from './application/purge-provider-bodies';
import { retentionConfig } from './retention.config';
import { RetentionProcessor } from './retention.processor';

/** The worker's provider-body retention: seals bodies left in clear, drops old ones (needs QueuesModule). */
@Module({
  imports: [PayoutsModule.forRoot()],
  providers: [
    {
      provide: PurgeProviderBodies,
      inject: [DataSource, PiiCipher, ConfigService],
      useFactory: (dataSource: DataSource, cipher: PiiCipher, config: ConfigService) =>
        new PurgeProviderBodies(
          [new ProviderAnswerBodies(dataSource.manager, cipher), new WebhookBodies(dataSource.manager, cipher)],
          { retentionMs: config.get(retentionConfig).providerBodyRetentionMs, batchSize: 500, maxBatches: 20 },
        ),
    },
    RetentionProcessor,
  ],
})
export class RetentionModule {}
