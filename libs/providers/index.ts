export {
  InMemoryRateBudget,
  InMemoryTokenStore,
  judgeWebhookByLookup,
  PROVIDERS_REDIS_PREFIX,
  RedisRateBudget,
  RedisTokenStore,
  submitRequestFor,
} from './contract';
export type {
  ListedStatus,
  ListedTransfer,
  LookupOutcome,
  PayoutProvider,
  ProviderName,
  ProviderRegistration,
  RawRequest,
  RetryPolicy,
  SignalStatus,
  SubmitOutcome,
  SubmitRequest,
  TokenStore,
  TransferListingOutcome,
  TransferListingQuery,
  WebhookRejection,
} from './contract';
export { ProviderRegistry, UnknownProviderError } from './provider-registry';
export { ProvidersModule } from './providers.module';
export { EXAMPLE_PROVIDER, OTHER_EXAMPLE_PROVIDER } from './example-providers';
export { PROVIDER_NAMES, PROVIDER_REGISTRATIONS } from './registry';
