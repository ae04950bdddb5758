import type { FieldError } from '@libs/platform/errors';

/** What intake knows of a new payout when it asks whether any provider could ever pay it. */
export interface PayoutToAccept {
  /** Minor units. */
  amount: bigint;
  currency: string;
  /** ISO 3166 alpha-2 country of the beneficiary's IBAN. */
  ibanCountry: string;
  hasNationalId: boolean;
  /** Pinned by the client (already known to be a registered provider). */
  provider?: string;
}

/**
 * What the enabled providers can pay, asked at creation (api.md: a payout no provider can take is refused then, never
 * accepted and failed later). Only lasting facts count: what the adapters declare and whether this process has their
 * credentials, never an admin switch, a circuit or today's usage, which change while a payout waits.
 */
export interface PayoutAcceptance {
  /** One problem per field that no enabled provider (or the pinned one) can take; empty when the payout can go. */
  refusals(payout: PayoutToAccept): FieldError[];
}

/** Nest token of the PayoutAcceptance the api wires in (routing provides it from the provider registry). */
export const PAYOUT_ACCEPTANCE = Symbol('PAYOUT_ACCEPTANCE');

/**
 * Nest token of the registered provider names a client may pin (`readonly string[]`), provided beside
 * PAYOUT_ACCEPTANCE from the provider registry.
 */
export const KNOWN_PROVIDERS = Symbol('KNOWN_PROVIDERS');
