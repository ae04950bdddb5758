export * from './contract';
export { ProviderRegistry, UnknownProviderError } from './provider-registry';
export { ProvidersModule } from './providers.module';
export { PROVIDER_NAMES, PROVIDER_REGISTRATIONS } from './registry';
