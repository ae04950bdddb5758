import type { ConfigSlice } from '@libs/platform/config';
import type { Type } from '@nestjs/common';
import type { PayoutProvider, ProviderName } from './payout-provider';

/** What the start-up log and `GET /v1/providers` say about a provider's configuration. */
export interface ProviderStatus {
  enabled: boolean;
  /** Why it is disabled: the missing variables by name, e.g. "<NAME>_API_KEY not set", never a value. */
  disabledReason?: string;
  /** No `*_API_BASE` set: the adapter talks to the local sandbox with its documented test credentials. */
  usesSandbox: boolean;
}

/** One registered provider as the registry holds it. */
export interface ProviderEntry {
  name: ProviderName;
  status: ProviderStatus;
  provider: PayoutProvider;
}

/**
 * How a provider folder plugs itself in: its Nest module provides a `ProviderEntry` under `entryToken`, and `config` is
 * its slice (variables, defaults, secret flags, production checks), which start-up validates, the logger redacts from
 * and the README table lists. Its conformance harnesses live in test/conformance/<name>/ (test code: the registration
 * does not point at them).
 */
export interface ProviderRegistration {
  name: ProviderName;
  /** The name as people write it in prose (capitalised), e.g. in the API document's examples. */
  displayName: string;
  module: Type<unknown>;
  entryToken: symbol;
  config: ConfigSlice;
}
