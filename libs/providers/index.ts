export * from './contract';
export { ProviderRegistry, UnknownProviderError } from './provider-registry';
export { ProvidersModule } from './providers.module';
export { EXAMPLE_PROVIDER, OTHER_EXAMPLE_PROVIDER } from './example-providers';
export { PROVIDER_NAMES, PROVIDER_REGISTRATIONS } from './registry';
