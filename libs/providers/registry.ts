import type { ProviderRegistration } from './contract/provider-registration';
import { pientegraRegistration } from './pientegra/pientegra.module';
import { sipayRegistration } from './sipay/sipay.module';

/** Every provider, one line each: the only place outside a provider's folder that names it. */
export const PROVIDER_REGISTRATIONS: readonly ProviderRegistration[] = [pientegraRegistration, sipayRegistration];
