import { PROVIDER_REGISTRATIONS } from '@libs/providers';
import { loadConformance, SCENARIO_ROWS } from '../support/conformance';
import { SCENARIO_CODES } from '@libs/sandbox';
import { RunningSandbox, startConformanceSandbox } from './sandbox-context';

// Every row of sandbox.md's scenario table, end to end through each adapter against the running sandbox.
let running: RunningSandbox;
beforeAll(async () => {
  running = await startConformanceSandbox();
});
afterAll(async () => {
  await running.stop();
});

it('reads the same scenario rows as the sandbox', () => {
  expect([...SCENARIO_ROWS]).toEqual([...SCENARIO_CODES]);
});

for (const registration of PROVIDER_REGISTRATIONS) {
  const { scenarios } = loadConformance(registration);
  describe(`${registration.name} sandbox scenarios`, () => {
    for (const row of SCENARIO_ROWS) {
      it(`scenario ${row}`, () => scenarios[row](running.context));
    }
  });
}
