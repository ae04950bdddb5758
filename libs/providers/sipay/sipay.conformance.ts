import type { ProviderConformance } from '../conformance/conformance-harness';
import { sipayNockHarness } from './sipay.conformance-nock';
import { sipaySandboxHarness } from './sipay.conformance-sandbox';
import { sipayScenarios } from './sipay.scenarios';

/** Sipay's test face, loaded by test/conformance through the registration (never by production code). */
export const providerConformance: ProviderConformance = {
  name: 'sipay',
  nock: sipayNockHarness,
  sandbox: sipaySandboxHarness,
  scenarios: sipayScenarios,
};
