export { buildDataSourceOptions } from './data-source-options';
export { DatabaseModule } from './database.module';
export { sqlLiteralList } from './sql-literals';
export { pgConnectionOf, pgPoolOf } from './pg-connection';
