import { PROVIDER_NAMES, type ProviderName } from '../provider-name';
import type { Transfer } from './transfer';

/** The transfer type of one emulator (each declares its own in `libs/sandbox/<name>/<name>.transfer.ts`). */
type TransferOf<P extends ProviderName> = Extract<Transfer, { provider: P }>;

export interface TransferFilter {
  provider?: ProviderName;
  reference?: string;
  amountMinor?: bigint;
}

class ProviderIndex<T extends Transfer> {
  readonly byReference = new Map<string, T>();
  readonly byProviderId = new Map<string, T>();
  /** Insertion order, which is creation order: listings walk it with cursors instead of sorting. */
  readonly inOrder: T[] = [];
}

/** The index of the first transfer created at or after `ms` in a creation-ordered list (binary search). */
export function firstCreatedAtOrAfter(inOrder: readonly { createdAt: Date }[], ms: number): number {
  let low = 0;
  let high = inOrder.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (inOrder[mid].createdAt.getTime() < ms) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Every recorded transfer, indexed so each request is answered without scanning (the sandbox runs benchmarks). */
export class TransferStore {
  private indexes = TransferStore.emptyIndexes();
  private byAmount = new Map<bigint, Transfer[]>();
  private all: Transfer[] = [];

  add(transfer: Transfer): void {
    const index = this.index(transfer.provider);
    index.byReference.set(transfer.reference, transfer);
    index.byProviderId.set(transfer.providerId, transfer);
    index.inOrder.push(transfer);
    this.all.push(transfer);
    const sameAmount = this.byAmount.get(transfer.amountMinor);
    if (sameAmount) sameAmount.push(transfer);
    else this.byAmount.set(transfer.amountMinor, [transfer]);
  }

  /**
   * Many transfers at once (the seeding control), possibly created before ones already recorded: each provider's
   * creation order is restored with one stable sort, so the listings' binary searches stay right.
   */
  addAll(transfers: readonly Transfer[]): void {
    for (const transfer of transfers) this.add(transfer);
    for (const provider of new Set(transfers.map((t) => t.provider))) {
      this.index(provider).inOrder.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    }
    this.all.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  byReference<P extends ProviderName>(provider: P, reference: string): TransferOf<P> | undefined {
    return this.index(provider).byReference.get(reference) as TransferOf<P> | undefined;
  }

  byProviderId<P extends ProviderName>(provider: P, providerId: string): TransferOf<P> | undefined {
    return this.index(provider).byProviderId.get(providerId) as TransferOf<P> | undefined;
  }

  /** Creation order; callers must not modify the array. */
  inOrder<P extends ProviderName>(provider: P): readonly TransferOf<P>[] {
    return this.index(provider).inOrder as unknown as readonly TransferOf<P>[];
  }

  /** Oldest first. Starts from the narrowest index the filter allows, then checks the rest of the filter. */
  find(filter: TransferFilter): Transfer[] {
    let candidates: readonly Transfer[];
    if (filter.reference !== undefined) {
      const providers = filter.provider ? [filter.provider] : PROVIDER_NAMES;
      candidates = providers.flatMap((p) => this.byReference(p, filter.reference as string) ?? []);
      candidates = [...candidates].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    } else if (filter.amountMinor !== undefined) {
      candidates = this.byAmount.get(filter.amountMinor) ?? [];
    } else if (filter.provider !== undefined) {
      candidates = this.inOrder(filter.provider);
    } else {
      candidates = this.all;
    }
    return candidates.filter(
      (t) =>
        (filter.provider === undefined || t.provider === filter.provider) &&
        (filter.amountMinor === undefined || t.amountMinor === filter.amountMinor),
    );
  }

  clear(): void {
    this.indexes = TransferStore.emptyIndexes();
    this.byAmount = new Map();
    this.all = [];
  }

  private index(provider: ProviderName): ProviderIndex<Transfer> {
    return this.indexes[provider];
  }

  private static emptyIndexes(): Record<ProviderName, ProviderIndex<Transfer>> {
    return Object.fromEntries(PROVIDER_NAMES.map((name) => [name, new ProviderIndex<Transfer>()])) as Record<
      ProviderName,
      ProviderIndex<Transfer>
    >;
  }
}
