export * from './api-processes.config';
export * from './cluster';
export * from './graceful-shutdown';
