import type { ProviderRegistration } from './contract/provider-registration';
import { PROVIDER_REGISTRATIONS } from './registry';

/** Registered providers for the API document's examples: DTOs name no provider themselves. */
export const [EXAMPLE_PROVIDER, OTHER_EXAMPLE_PROVIDER = EXAMPLE_PROVIDER]: readonly ProviderRegistration[] =
  PROVIDER_REGISTRATIONS;
