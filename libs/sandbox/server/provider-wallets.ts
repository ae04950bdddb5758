import type { ProviderName } from '../provider-name';

/**
 * The sending wallet of each provider (sandbox.md): `null` = unlimited, the default. A recorded transfer debits it; a
 * send it cannot cover is refused by the emulator as its provider refuses it, and nothing is recorded.
 */
export class ProviderWallets {
  private readonly balances = new Map<ProviderName, bigint>();

  /** Minor units; null while unlimited. */
  get(provider: ProviderName): bigint | null {
    return this.balances.get(provider) ?? null;
  }

  set(provider: ProviderName, balance: bigint | null): void {
    if (balance === null) this.balances.delete(provider);
    else this.balances.set(provider, balance);
  }

  canCover(provider: ProviderName, amountMinor: bigint): boolean {
    const balance = this.balances.get(provider);
    return balance === undefined || balance >= amountMinor;
  }

  /** Called once per recorded transfer; an unlimited wallet stays unlimited. */
  debit(provider: ProviderName, amountMinor: bigint): void {
    const balance = this.balances.get(provider);
    if (balance !== undefined) this.balances.set(provider, balance - amountMinor);
  }

  clear(): void {
    this.balances.clear();
  }
}

/** `"<minor units>"` or null; undefined when the value is neither. */
export function parseWalletBalance(value: unknown): bigint | null | undefined {
  if (value === null) return null;
  return typeof value === 'string' && /^\d{1,19}$/.test(value) ? BigInt(value) : undefined;
}
