import { Global, Module } from '@nestjs/common';
import { offsetClock, PROCESS_CLOCK, TIME_SCALE, type Clock } from '@libs/platform/time';
import { ConfigService } from './config.service';
import { clockConfig } from './clock.config';
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
    {
      provide: PROCESS_CLOCK,
      inject: [ConfigService],
      useFactory: (config: ConfigService): Clock => offsetClock(config.get(clockConfig).clockOffsetMs),
    },
  ],
  exports: [ConfigService, TIME_SCALE, PROCESS_CLOCK],
})
export class ConfigModule {}
