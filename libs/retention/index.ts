export { PurgeProviderBodies } from './application';
export { retentionConfig } from './retention.config';
export { RetentionModule } from './retention.module';
