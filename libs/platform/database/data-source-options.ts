import type { DataSourceOptions, MixedList } from 'typeorm';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type ClassList = MixedList<Function | string>;

export interface DatabaseParams {
  url: string;
  entities: ClassList;
  migrations: ClassList;
  applicationName: string;
  poolSize?: number;
}

/** Schema changes only through migrations: `synchronize` is off everywhere, tests included. */
export function buildDataSourceOptions(params: DatabaseParams): DataSourceOptions {
  return {
    type: 'postgres',
    url: params.url,
    entities: params.entities,
    migrations: params.migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    applicationName: params.applicationName,
    poolSize: params.poolSize ?? 10,
    extra: { connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 },
  };
}
