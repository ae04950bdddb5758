import { PROVIDER_REGISTRATIONS } from '@libs/providers';
import { describeConformance, loadConformance, SandboxContext } from '../support/conformance';
import { RunningSandbox, startConformanceSandbox } from './sandbox-context';

// The conformance kit against every registered adapter, through the real sandbox running in this process.
let running: RunningSandbox;
beforeAll(async () => {
  running = await startConformanceSandbox();
});
afterAll(async () => {
  await running.stop();
});

const context = (): SandboxContext => running.context;

for (const registration of PROVIDER_REGISTRATIONS) {
  const conformance = loadConformance(registration);
  describeConformance(`${registration.name} against the sandbox`, conformance.sandbox.situations, () =>
    conformance.sandbox.create(context()),
  );
}
