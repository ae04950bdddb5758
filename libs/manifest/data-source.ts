// The data source of the TypeORM CLI (`npm run migration:run`, `migration:generate`).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigService, platformConfig } from '@libs/platform/config';
import { buildDataSourceOptions } from '@libs/platform/database';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';

export default new DataSource(
  buildDataSourceOptions({
    url: new ConfigService(process.env).get(platformConfig).databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    applicationName: 'payouts-migrations',
    poolSize: 2,
  }),
);
