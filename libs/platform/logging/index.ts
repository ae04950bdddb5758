export * from './redaction';
export * from './root-logger';
export * from './logging.module';
export * from './request-actor';
export * from './framework-boot';
