import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigService, platformConfig } from '@libs/platform/config';
import { buildDataSourceOptions, DatabaseParams } from './data-source-options';

@Module({})
export class DatabaseModule {
  static forRoot(params: Omit<DatabaseParams, 'url'>): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService) =>
            buildDataSourceOptions({ ...params, url: config.get(platformConfig).databaseUrl }),
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}
