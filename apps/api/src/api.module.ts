import { Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { PlatformModule } from '@libs/manifest';

/** The api process: HTTP only. Which modules it lists decides what it runs. */
@Module({})
export class ApiModule {
  static forRoot(logger: Logger) {
    return { module: ApiModule, imports: [PlatformModule.forRoot({ role: 'api', logger })] };
  }
}
