import type { ConfigEntry } from '@libs/platform/config';
import type { ChaosEngine, EmulatorChaos } from './chaos/chaos-engine';
import type { ProviderEmulator } from './control/provider-emulator';
import type { ProviderName } from './provider-name';
import type { ResolvedSandboxOptions, SandboxChaosOptions } from './sandbox.options';
import type { ProviderWallets } from './server/provider-wallets';
import type { Route } from './server/route';
import type { TimerSet } from './server/timer-set';
import type { TransferStore } from './store/transfer.store';
import type { WebhookDispatcher } from './webhooks/webhook.dispatcher';

/** Some entries of a config slice, by the name their values are read under. */
type ConfigPart = Readonly<Record<string, ConfigEntry<unknown>>>;

/** What the sandbox shares with every emulator it mounts. */
export interface EmulatorContext {
  store: TransferStore;
  /** Each provider's sending wallet: a send it cannot cover is refused, a recorded transfer debits it. */
  wallets: ProviderWallets;
  dispatcher: WebhookDispatcher;
  timers: TimerSet;
  chaos: ChaosEngine;
  /** Base URL webhooks go to, without a trailing slash: each emulator appends its provider's webhook path. */
  webhookTarget: string;
  webhookDelayMs: number;
  timeoutHoldMs: number;
  now: () => Date;
}

/** One emulator as the sandbox runs it. */
export interface MountedEmulator {
  /** What the control API asks of it (release, redeliver). */
  emulator: ProviderEmulator;
  /** Its provider's API, behind its provider's authentication. */
  routes: Route[];
  /** Forgets what it remembers beside the transfer store; the sandbox's reset calls it. */
  reset(): void;
}

/**
 * One emulator of the sandbox, exported by its folder (`libs/sandbox/<name>/<name>.registration.ts`) and listed once
 * in libs/sandbox/emulators.ts, so the sandbox's shared code composes emulators without naming one.
 */
export interface EmulatorRegistration {
  readonly name: ProviderName;
  /**
   * Its variables in the sandbox's config slice, in three parts so the configuration table keeps one order: `settings`
   * after the shared timings, `chaos` after the chaos seed and profile, `credentials` last.
   */
  readonly config: { readonly settings: ConfigPart; readonly chaos: ConfigPart; readonly credentials: ConfigPart };
  /** Its options from the values of its variables (the `options` part of SandboxOptions, the `chaos` part of its chaos). */
  optionsFromConfig(values: Readonly<Record<string, unknown>>): { options: object; chaos: object };
  /** Its rows of the chaos weight table and the faults only its provider has. */
  chaos(options: SandboxChaosOptions): EmulatorChaos;
  /** Builds the emulator, its webhook sender and its routes; throws when its options cannot work. */
  mount(context: EmulatorContext, options: ResolvedSandboxOptions): MountedEmulator;
  /** Where it answers under `url`, for the start-up log line. */
  describeRoutes(url: string): string;
}

/** The chaos engine's view of each emulator, by name. */
export function chaosOfEmulators(
  emulators: readonly EmulatorRegistration[],
  options: SandboxChaosOptions,
): Readonly<Record<ProviderName, EmulatorChaos>> {
  return Object.fromEntries(emulators.map((emulator) => [emulator.name, emulator.chaos(options)])) as Record<
    ProviderName,
    EmulatorChaos
  >;
}

/**
 * The emulators' config parts, merged in list order. Typed as adding no key: the shared code reads none of them, each
 * emulator reads its own in `optionsFromConfig`.
 */
export const configOfEmulators = (
  emulators: readonly EmulatorRegistration[],
  part: keyof EmulatorRegistration['config'],
): Record<never, ConfigEntry<unknown>> =>
  Object.assign({}, ...emulators.map((emulator) => emulator.config[part])) as ConfigPart;
