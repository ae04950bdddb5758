export * from './domain';
export * from './application';
export * from './persistence';
export * from './routing.module';
export * from './http/routing-http.module';
