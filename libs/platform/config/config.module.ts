import { Global, Module } from '@nestjs/common';
import { TIME_SCALE } from '@libs/platform/time';
import { ConfigService } from './config.service';
import { platformConfig } from './platform.config';

@Global()
@Module({
  providers: [
    { provide: ConfigService, useFactory: () => new ConfigService(process.env) },
    {
      provide: TIME_SCALE,
      inject: [ConfigService],
      useFactory: (config: ConfigService): number => config.get(platformConfig).pollTimeScale,
    },
  ],
  exports: [ConfigService, TIME_SCALE],
})
export class ConfigModule {}
