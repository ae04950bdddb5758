import { createRedactor } from '@libs/platform/logging';

/** What adapters log through; Nest's `Logger` fits. Lines are built from our own words, never from raw payloads. */
export interface ProviderLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug?(message: string): void;
}

export type TextRedactor = (text: string) => string;

/**
 * Provider-written text (an error message, a rejection reason) is not ours: it may quote an IBAN, a national id, a
 * token or even our own credentials. It passes through this before it reaches a failure message, a log line or an
 * error; each adapter adds the secrets it holds.
 */
export function providerTextRedactor(secrets: readonly string[] = []): TextRedactor {
  const redactor = createRedactor(secrets);
  return (text) => redactor.text(text).slice(0, 500);
}

export const redactProviderText: TextRedactor = providerTextRedactor();
