export { createSandbox, describeSandboxRoutes } from './sandbox';
export type { Sandbox } from './sandbox';
export type { SandboxLogger, SandboxOptions } from './sandbox.options';
export { sandboxOptionsFromConfig } from './sandbox.options-from-config';
export { sandboxConfig } from './sandbox.config';
export { SCENARIO_CODES, scenarioOf } from './scenarios/scenario.table';
export type { ScenarioCode } from './scenarios/scenario.table';
export { seededRandom } from './chaos/chaos-random';
