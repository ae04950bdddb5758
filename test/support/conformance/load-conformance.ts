import { join } from 'node:path';
import type { ProviderRegistration } from '@libs/providers';
import type { ProviderConformance } from './conformance-harness';

/** Where a provider's test face lives: test/conformance/<name>/<name>.conformance.ts. */
export const conformanceModulePath = (name: string): string =>
  join(__dirname, '..', '..', 'conformance', name, `${name}.conformance`);

/**
 * A registered provider's conformance module, loaded synchronously (Jest collects tests synchronously) from its
 * folder under test/conformance, so a provider registered without one fails the conformance run.
 */
export function loadConformance(registration: ProviderRegistration): ProviderConformance {
  const path = conformanceModulePath(registration.name);
  const loaded = jest.requireActual<{ providerConformance?: ProviderConformance }>(path);
  if (!loaded.providerConformance) throw new Error(`${path} does not export providerConformance`);
  return loaded.providerConformance;
}
