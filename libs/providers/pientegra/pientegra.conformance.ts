import type { ProviderConformance } from '../conformance/conformance-harness';
import { pientegraNockHarness } from './pientegra.conformance-nock';
import { pientegraSandboxHarness } from './pientegra.conformance-sandbox';
import { pientegraScenarios } from './pientegra.scenarios';

/** Pientegra's test face, loaded by test/conformance through the registration (never by production code). */
export const providerConformance: ProviderConformance = {
  name: 'pientegra',
  nock: pientegraNockHarness,
  sandbox: pientegraSandboxHarness,
  scenarios: pientegraScenarios,
};
