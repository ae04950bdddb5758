export { buildDataSourceOptions } from './data-source-options';
export { DatabaseModule } from './database.module';
