import type { EmulatorRegistration } from './emulator-registration';
import { pientegraEmulator, type PientegraSandboxOptions } from './pientegra/pientegra.registration';
import type { PientegraTransfer } from './pientegra/pientegra.transfer';
import { sipayEmulator, type SipaySandboxChaosOptions, type SipaySandboxOptions } from './sipay/sipay.registration';
import type { SipayTransfer } from './sipay/sipay.transfer';

/**
 * The emulators the sandbox runs, one line each: with provider-name.ts, the only shared file of the sandbox that names
 * a provider. Their order is the order of PROVIDER_NAMES, of the routes, of the configuration table and of the chaos
 * weight table.
 */
export const EMULATORS: readonly EmulatorRegistration[] = [pientegraEmulator, sipayEmulator];

/** Each emulator's part of SandboxOptions. */
export type EmulatorsOptions = PientegraSandboxOptions & SipaySandboxOptions;
/** Each emulator's part of SandboxOptions.chaos. */
export type EmulatorsChaosOptions = SipaySandboxChaosOptions;
/** A transfer as any emulator records it. */
export type Transfer = PientegraTransfer | SipayTransfer;
