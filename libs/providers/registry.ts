import type { ProviderName } from './contract/payout-provider';
import type { ProviderRegistration } from './contract/provider-registration';
import { pientegraRegistration } from './pientegra/pientegra.module';
import { sipayRegistration } from './sipay/sipay.module';

/** Every provider, one line each: the only place outside a provider's folder that names it. */
export const PROVIDER_REGISTRATIONS: readonly ProviderRegistration[] = [pientegraRegistration, sipayRegistration];

/** The registered names: routing, webhooks, the poller and ops take one of these and ask the registry. */
export const PROVIDER_NAMES: readonly ProviderName[] = PROVIDER_REGISTRATIONS.map((registration) => registration.name);
