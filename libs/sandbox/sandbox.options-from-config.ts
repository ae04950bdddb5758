import { ConfigService, platformConfig } from '@libs/platform/config';
import { EMULATORS } from './emulators';
import { sandboxConfig } from './sandbox.config';
import type { CommonChaosOptions, CommonSandboxOptions, SandboxOptions } from './sandbox.options';

/**
 * The sandbox's options from the environment. Each emulator reads its own variables; unset credentials fall back to
 * the documented test defaults, the same ones the adapters use when they point at the sandbox, so one environment
 * configures both sides.
 */
export function sandboxOptionsFromConfig(config: ConfigService): SandboxOptions {
  const platform = config.get(platformConfig);
  const sandbox = config.get(sandboxConfig);
  const emulators = EMULATORS.map((emulator) => emulator.optionsFromConfig(sandbox));
  const chaos: CommonChaosOptions = {
    seed: sandbox.chaosSeed,
    profile: sandbox.chaosProfile,
    lateMaxMs: sandbox.chaosLateMs,
  };
  const common: CommonSandboxOptions = {
    host: sandbox.host,
    port: platform.sandboxPort,
    webhookTarget: sandbox.webhookTarget ?? `http://127.0.0.1:${platform.apiPort}`,
    webhookDelayMs: sandbox.webhookDelayMs,
    timeoutHoldMs: sandbox.timeoutHoldMs,
    webhookRetryBaseMs: sandbox.webhookRetryBaseMs,
  };
  return Object.assign(common, ...emulators.map((emulator) => emulator.options), {
    chaos: Object.assign(chaos, ...emulators.map((emulator) => emulator.chaos)),
  }) as SandboxOptions;
}
