export * from './application';
export * from './retention.config';
export * from './retention.module';
export * from './retention.processor';
