/**
 * One kind of stored provider body (attempt answers, webhook bodies), as the retention job needs it. The store owns
 * its table: it knows which rows may lose their body and which facts beside the body must stay.
 */
export interface ProviderBodyStore {
  readonly name: string;
  /** Seals up to `limit` bodies stored in clear before bodies were sealed; returns how many it sealed. */
  sealClear(limit: number): Promise<number>;
  /** Drops up to `limit` bodies stored before `cutoff`, keeping the row and its facts; returns how many. */
  purgeOlderThan(cutoff: Date, now: Date, limit: number): Promise<number>;
}

export interface ProviderBodyRetentionOptions {
  retentionMs: number;
  batchSize: number;
  /** Batches per store and step in one run; the next run goes on where this one stopped. */
  maxBatches: number;
}

export interface ProviderBodySweep {
  store: string;
  sealed: number;
  purged: number;
}

/**
 * The provider-body retention sweep: every stored provider body ends up sealed, and none outlives the retention
 * period (docs/decisions/0006-provider-bodies-at-rest.md). Idempotent, and safe on several workers at once.
 */
export class PurgeProviderBodies {
  constructor(
    private readonly stores: readonly ProviderBodyStore[],
    private readonly options: ProviderBodyRetentionOptions,
  ) {}

  async run(now: Date): Promise<ProviderBodySweep[]> {
    const cutoff = new Date(now.getTime() - this.options.retentionMs);
    const results: ProviderBodySweep[] = [];
    for (const store of this.stores) {
      const purged = await this.inBatches((limit) => store.purgeOlderThan(cutoff, now, limit));
      const sealed = await this.inBatches((limit) => store.sealClear(limit));
      results.push({ store: store.name, sealed, purged });
    }
    return results;
  }

  private async inBatches(step: (limit: number) => Promise<number>): Promise<number> {
    let total = 0;
    for (let batch = 0; batch < this.options.maxBatches; batch++) {
      const done = await step(this.options.batchSize);
      total += done;
      if (done < this.options.batchSize) break;
    }
    return total;
  }
}
