import type { ProviderRegistration } from '../contract/provider-registration';
import type { ProviderConformance } from './conformance-harness';

/**
 * A registered provider's conformance module, loaded synchronously (Jest collects tests synchronously) from the path
 * its registration names. Only test/conformance calls this.
 */
export function loadConformance(registration: ProviderRegistration): ProviderConformance {
  const loaded = jest.requireActual<{ providerConformance?: ProviderConformance }>(registration.conformanceModule);
  if (!loaded.providerConformance) {
    throw new Error(`${registration.conformanceModule} does not export providerConformance`);
  }
  return loaded.providerConformance;
}
