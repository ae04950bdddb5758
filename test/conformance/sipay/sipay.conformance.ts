import type { ProviderConformance } from '../../support/conformance';
import { sipayNockHarness } from './sipay.nock-harness';
import { sipaySandboxHarness } from './sipay.sandbox-harness';
import { sipayScenarios } from './sipay.scenarios';

/** Sipay's test face, loaded by test/conformance through the registration (never by production code). */
export const providerConformance: ProviderConformance = {
  name: 'sipay',
  nock: sipayNockHarness,
  sandbox: sipaySandboxHarness,
  scenarios: sipayScenarios,
};
