export type {
  BalanceReadOutcome,
  BalanceReport,
  ListedStatus,
  ListedTransfer,
  LookupOutcome,
  PayoutProvider,
  ProviderCapabilities,
  ProviderName,
  ProviderSignal,
  RawAnswer,
  RawRequest,
  SendPermission,
  SignalStatus,
  SubmitOutcome,
  SubmitRequest,
  TransferListingOutcome,
  TransferListingQuery,
  WebhookParseResult,
  WebhookRejection,
} from './payout-provider';
export { LISTED_STATUSES } from './payout-provider';
export { submitRequestFor } from './submit-request';
export { judgeWebhookByLookup } from './provider-signal';
export type { ProviderRegistration } from './provider-registration';
export { InMemoryRateBudget } from './rate-budget';
export type { RateBudget } from './rate-budget';
export { RedisRateBudget } from './redis-rate-budget';
export { InMemoryTokenStore } from './token-store';
export type { TokenStore } from './token-store';
export { RedisTokenStore } from './redis-token-store';
export { PROVIDERS_REDIS_PREFIX } from './redis-keys';
export type { RetryPolicy } from './retry-policy';
