import type { ProviderConformance } from '../../support/conformance';
import { pientegraNockHarness } from './pientegra.nock-harness';
import { pientegraSandboxHarness } from './pientegra.sandbox-harness';
import { pientegraScenarios } from './pientegra.scenarios';

/** Pientegra's test face, loaded by test/conformance through the registration (never by production code). */
export const providerConformance: ProviderConformance = {
  name: 'pientegra',
  nock: pientegraNockHarness,
  sandbox: pientegraSandboxHarness,
  scenarios: pientegraScenarios,
};
